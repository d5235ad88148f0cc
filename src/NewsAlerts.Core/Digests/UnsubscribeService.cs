using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Digests;

/// <summary>What an unsubscribe request came to.</summary>
public enum UnsubscribeOutcome
{
    /// <summary>The token is good: ask the subscriber to confirm (a link was opened; nothing changed).</summary>
    Confirm,

    /// <summary>The subscriber, their watchlists and their undelivered matches are removed (or were already gone).</summary>
    Unsubscribed,

    /// <summary>The token is malformed, tampered with, or signed with another key.</summary>
    InvalidToken,

    /// <summary>The token is genuine but too old.</summary>
    ExpiredToken,

    /// <summary>No signing key is configured, so no token can be checked.</summary>
    NotConfigured,
}

/// <summary>The result of <see cref="UnsubscribeService"/>: the outcome and, for a genuine token, whose it is.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Email">The subscriber named by a genuine token.</param>
public sealed record UnsubscribeResult(UnsubscribeOutcome Outcome, string? Email = null);

/// <summary>
/// Signs unsubscribe links and honours them: the entry point of the unsubscribe endpoint. Opening a link
/// only checks it (<see cref="Check"/>); a POST removes the subscriber (<see cref="UnsubscribeAsync"/>), as
/// RFC 8058 asks, because mail scanners follow links in messages on their own.
/// </summary>
public sealed class UnsubscribeService
{
    private readonly DigestsOptions _options;
    private readonly byte[] _key;
    private readonly WatchlistService _watchlists;
    private readonly TimeProvider _time;
    private readonly ILogger<UnsubscribeService> _logger;

    /// <summary>Creates the service from <c>Digests</c> settings.</summary>
    public UnsubscribeService(IOptions<DigestsOptions> options, WatchlistService watchlists, TimeProvider time, ILogger<UnsubscribeService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _key = _options.CanSign ? Encoding.UTF8.GetBytes(_options.UnsubscribeSigningKey!.Trim()) : [];
        _watchlists = watchlists;
        _time = time;
        _logger = logger;
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

        return new Uri($"{_options.PublicBaseUrl.TrimEnd('/')}/unsubscribe?token={Uri.EscapeDataString(CreateToken(email))}");
    }

    /// <summary>Checks <paramref name="token"/> without changing anything: <see cref="UnsubscribeOutcome.Confirm"/> when it is good.</summary>
    public UnsubscribeResult Check(string? token)
    {
        if (!IsConfigured)
        {
            return new UnsubscribeResult(UnsubscribeOutcome.NotConfigured);
        }

        var check = UnsubscribeToken.Verify(token, _key, _time.GetUtcNow());
        return check.Status switch
        {
            UnsubscribeTokenStatus.Valid => new UnsubscribeResult(UnsubscribeOutcome.Confirm, check.Email),
            UnsubscribeTokenStatus.Expired => new UnsubscribeResult(UnsubscribeOutcome.ExpiredToken, check.Email),
            _ => new UnsubscribeResult(UnsubscribeOutcome.InvalidToken),
        };
    }

    /// <summary>
    /// Removes the subscriber <paramref name="token"/> names, with their watchlists and undelivered matches.
    /// Honouring the same token again answers <see cref="UnsubscribeOutcome.Unsubscribed"/> too.
    /// </summary>
    public async Task<UnsubscribeResult> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        var check = Check(token);
        if (check.Outcome != UnsubscribeOutcome.Confirm)
        {
            _logger.LogInformation("Unsubscribe refused: {Outcome}", check.Outcome);
            return check;
        }

        var existed = await _watchlists.RemoveSubscriberAsync(check.Email, cancellationToken);
        _logger.LogInformation("Unsubscribed {Email} (had a subscription: {Existed})", check.Email, existed);
        return check with { Outcome = UnsubscribeOutcome.Unsubscribed };
    }
}
