using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NewsAlerts.Storage;

/// <summary>
/// Turns names into valid Azure Table keys. Keys may not hold <c>/ \ # ?</c> or control characters and
/// are limited to 1 KiB; blob names and email addresses may hold any of those.
/// </summary>
public static class TableKeys
{
    // 1 KiB of UTF-16 is 512 characters; escaping can triple a character, so long values are hashed.
    private const int MaxEscapedLength = 400;

    /// <summary>The article id for a blob name: stable, fixed-length, valid as a key for any name.</summary>
    public static string ArticleId(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        return Hash(blobName, 16);
    }

    /// <summary>
    /// Escapes <paramref name="value"/> into a readable key: forbidden characters and <c>%</c> become
    /// <c>%XX</c>; a value too long for a key keeps a prefix and gains a hash of the whole value.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (builder.Length <= MaxEscapedLength)
        {
            return builder.ToString();
        }

        var prefix = builder.ToString(0, MaxEscapedLength - 34);
        if (char.IsHighSurrogate(prefix[^1]))
        {
            prefix = prefix[..^1];
        }

        return prefix + "~" + Hash(value, 16);
    }

    /// <summary>The key of a subscriber, from their email address (case-insensitive).</summary>
    public static string Subscriber(string email) => Escape(email.Trim().ToLowerInvariant());

    /// <summary>The key of a watchlist within its subscriber's partition (case-insensitive name).</summary>
    public static string Watchlist(string name) => Escape(name.Trim().ToLowerInvariant());

    /// <summary>Hex of the first <paramref name="bytes"/> bytes of the SHA-256 of <paramref name="value"/>'s UTF-8.</summary>
    public static string Hash(string value, int bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return Convert.ToHexStringLower(digest[..bytes]);
    }
}
