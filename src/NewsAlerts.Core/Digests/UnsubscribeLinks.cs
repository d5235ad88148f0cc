using System.Text;
using Microsoft.Extensions.Options;

namespace NewsAlerts.Digests;

/// <summary>
/// Signs unsubscribe links with <see cref="DigestsOptions.UnsubscribeSigningKey"/> and checks them with it or, after a
/// rotation, with <see cref="DigestsOptions.PreviousUnsubscribeSigningKey"/>.
/// </summary>
public sealed class UnsubscribeLinks
{
    /// <summary>
    /// Where links point below <see cref="DigestsOptions.PublicBaseUrl"/>: the Functions route prefix
    /// (<c>extensions.http.routePrefix</c> in host.json) and the unsubscribe function's route.
    /// </summary>
    public const string Path = "api/unsubscribe";

    private readonly DigestsOptions _options;
    private readonly byte[] _key;
    private readonly byte[] _previousKey;
    private readonly TimeProvider _time;

    /// <summary>Creates the signer from <c>Digests</c> settings.</summary>
    public UnsubscribeLinks(IOptions<DigestsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _key = _options.CanSign ? Encoding.UTF8.GetBytes(_options.UnsubscribeSigningKey!.Trim()) : [];
        _previousKey = _options.CanSign && !string.IsNullOrEmpty(_options.PreviousUnsubscribeSigningKey) ? Encoding.UTF8.GetBytes(_options.PreviousUnsubscribeSigningKey.Trim()) : [];
        _time = time;
    }

    /// <summary>Whether a signing key is configured.</summary>
    public bool IsConfigured => _key.Length > 0;

    /// <summary>A token for <paramref name="email"/>, valid for <see cref="DigestsOptions.UnsubscribeTokenLifetime"/> from now.</summary>
    /// <exception cref="InvalidOperationException">No signing key is configured.</exception>
    public string CreateToken(string email)
    {
        if (!IsConfigured)
        {
            throw new InvalidOperationException($"{DigestsOptions.SectionName}:UnsubscribeSigningKey is not set, so unsubscribe links cannot be signed");
        }

        return UnsubscribeToken.Create(email, _time.GetUtcNow() + _options.UnsubscribeTokenLifetime, _key);
    }

    /// <summary>The unsubscribe link for <paramref name="email"/>; null unless both a key and <see cref="DigestsOptions.PublicBaseUrl"/> are set.</summary>
    public Uri? CreateLink(string email)
    {
        if (!IsConfigured || string.IsNullOrEmpty(_options.PublicBaseUrl))
        {
            return null;
        }

        return new Uri($"{_options.PublicBaseUrl.TrimEnd('/')}/{Path}?token={Uri.EscapeDataString(CreateToken(email))}");
    }

    /// <summary>
    /// Checks <paramref name="token"/> now, with the current key and then the previous one; null when no key is
    /// configured to check it with.
    /// </summary>
    public UnsubscribeTokenCheck? Verify(string? token)
    {
        if (!IsConfigured)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var check = UnsubscribeToken.Verify(token, _key, now);
        return check.Status == UnsubscribeTokenStatus.Invalid && _previousKey.Length > 0 ? UnsubscribeToken.Verify(token, _previousKey, now) : check;
    }
}
