using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsAlerts.Digests;

namespace NewsAlerts.Logging;

/// <summary>
/// Keeps subscribers' email addresses out of logs, which reach Application Insights. A log parameter marked
/// <see cref="EmailAddressDataAttribute"/> is replaced by the logging pipeline itself (so every sink gets the
/// replacement: Application Insights, the worker's channel to the Functions host, the CLI's <c>--verbose</c>) with
/// an HMAC-SHA256 of the address. Keyed, not erased: an operator can still follow one subscriber from line to
/// line, since the same address always gives the same token, and a plain hash would not do, since anyone could
/// hash a list of known addresses and look the tokens up. Free text that can quote an address (an SMTP reply,
/// an outbox path) goes through <see cref="Masked"/> before it is logged or thrown.
/// </summary>
public static partial class EmailAddressRedaction
{
    /// <summary>The data class of an email address.</summary>
    public static DataClassification EmailAddress { get; } = new("NewsAlerts", "EmailAddress");

    // The purpose label of the key derived for hashing addresses in logs; changing it changes every token.
    private static readonly byte[] KeyPurpose = Encoding.UTF8.GetBytes("NewsAlerts log redaction of email addresses");

    /// <summary>
    /// Enables redaction in the host's logging with the HMAC redactor for <see cref="EmailAddress"/>. Its key is
    /// derived (HKDF-SHA256, its own purpose label) from <c>Digests:UnsubscribeSigningKey</c>, the one secret every
    /// deployment already has, so all instances give the same token and no new secret is needed; rotating that key
    /// changes the tokens from then on. Without it (a local run) a random key per process still hides addresses
    /// and lets the lines of that process be correlated.
    /// </summary>
    public static IHostApplicationBuilder AddEmailAddressRedaction(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The same token whatever the parameter is called, so lines of different templates line up.
        builder.Logging.EnableRedaction(options => options.ApplyDiscriminator = false);
        var signingKey = builder.Configuration[$"{DigestsOptions.SectionName}:{nameof(DigestsOptions.UnsubscribeSigningKey)}"];
        var key = string.IsNullOrWhiteSpace(signingKey)
            ? RandomNumberGenerator.GetBytes(32)
            : HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(signingKey.Trim()), 32, salt: [], info: KeyPurpose);
        builder.Services.AddRedaction(redaction => redaction.SetHmacRedactor(options => options.Key = Convert.ToBase64String(key), EmailAddress));
        return builder;
    }

    /// <summary><paramref name="text"/> with every email address in it replaced by <c>[email]</c>.</summary>
    public static string Masked(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Address().Replace(text, "[email]");
    }

    // Loose on purpose: a false positive only hides a few characters of a log line.
    [GeneratedRegex(@"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex Address();
}

/// <summary>Marks a log parameter that holds an email address: the logs get a keyed hash of it (see <see cref="EmailAddressRedaction"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EmailAddressDataAttribute : DataClassificationAttribute
{
    /// <summary>Classifies the value as <see cref="EmailAddressRedaction.EmailAddress"/>.</summary>
    public EmailAddressDataAttribute()
        : base(EmailAddressRedaction.EmailAddress)
    {
    }
}
