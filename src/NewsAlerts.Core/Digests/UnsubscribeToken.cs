using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NewsAlerts.Digests;

/// <summary>What checking an unsubscribe token found.</summary>
public enum UnsubscribeTokenStatus
{
    /// <summary>Signed with the key and not expired.</summary>
    Valid,

    /// <summary>Signed with the key, but past its expiry.</summary>
    Expired,

    /// <summary>Malformed, tampered with, or signed with another key.</summary>
    Invalid,
}

/// <summary>The outcome of <see cref="UnsubscribeToken.Verify"/>.</summary>
/// <param name="Status">What was found.</param>
/// <param name="Email">The subscriber the token was issued for; only set when the signature is good.</param>
/// <param name="ExpiresAt">When the token expires (expired); only set when the signature is good.</param>
public sealed record UnsubscribeTokenCheck(UnsubscribeTokenStatus Status, string? Email = null, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>The answer for anything that is not a token signed with the key.</summary>
    public static UnsubscribeTokenCheck Invalid { get; } = new(UnsubscribeTokenStatus.Invalid);
}

/// <summary>
/// The signed token in an unsubscribe link: <c>base64url(expiry ":" email) "." base64url(HMAC-SHA256)</c>,
/// the MAC keyed with <see cref="DigestsOptions.UnsubscribeSigningKey"/> over a purpose label and the payload.
/// It proves the link came from us for that address until it expires; it holds no secret, only the address.
/// </summary>
public static class UnsubscribeToken
{
    /// <summary>Longest token accepted; anything longer is refused before it is decoded.</summary>
    public const int MaxLength = 2048;

    private const int MacLength = 32;

    // Binds the MAC to this use, so a MAC made with the same key for another purpose is never a valid token.
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("newsalerts/unsubscribe/v1\n");

    /// <summary>Signs a token for <paramref name="email"/> that expires at <paramref name="expiresAt"/>.</summary>
    public static string Create(string email, DateTimeOffset expiresAt, ReadOnlySpan<byte> key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        if (key.IsEmpty)
        {
            throw new ArgumentException("the signing key is empty", nameof(key));
        }

        var payload = Encoding.UTF8.GetBytes(expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + email.Trim());
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Mac(payload, key));
    }

    /// <summary>Checks <paramref name="token"/> against <paramref name="key"/> at <paramref name="now"/>. Never throws on bad input.</summary>
    public static UnsubscribeTokenCheck Verify(string? token, ReadOnlySpan<byte> key, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength || key.IsEmpty)
        {
            return UnsubscribeTokenCheck.Invalid;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.'))
        {
            return UnsubscribeTokenCheck.Invalid;
        }

        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return UnsubscribeTokenCheck.Invalid;
        }

        // Compared in constant time, before anything in the payload is believed.
        if (mac.Length != MacLength || !CryptographicOperations.FixedTimeEquals(mac, Mac(payload, key)))
        {
            return UnsubscribeTokenCheck.Invalid;
        }

        var text = Encoding.UTF8.GetString(payload);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1
            || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return UnsubscribeTokenCheck.Invalid;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var email = text[(colon + 1)..];
        return new UnsubscribeTokenCheck(now >= expiresAt ? UnsubscribeTokenStatus.Expired : UnsubscribeTokenStatus.Valid, email, expiresAt);
    }

    private static byte[] Mac(byte[] payload, ReadOnlySpan<byte> key)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Purpose);
        hmac.AppendData(payload);
        return hmac.GetHashAndReset();
    }
}
