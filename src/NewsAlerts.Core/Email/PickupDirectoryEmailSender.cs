using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsAlerts.Logging;

namespace NewsAlerts.Email;

/// <summary>
/// Writes each message as an <c>.eml</c> file a person can open in any mail program, for running without
/// an SMTP server. Files appear whole: each is written under a temporary name, then renamed.
/// </summary>
public sealed class PickupDirectoryEmailSender : IEmailSender
{
    // As on the wire (RFC 5322 lines end in CR LF), not as the platform ends text lines.
    private static readonly FormatOptions Crlf = new() { NewLineFormat = NewLineFormat.Dos };

    private readonly string _directory;
    private readonly TimeProvider _time;

    /// <summary>Creates the sender from <c>Email:PickupDirectory</c>.</summary>
    public PickupDirectoryEmailSender(IOptions<EmailOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = Path.GetFullPath(options.Value.PickupDirectory);
        _time = time;
    }

    /// <inheritdoc />
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(_directory);
        var recipient = message.To.Mailboxes.FirstOrDefault()?.Address ?? "unknown";

        // A digest's own id makes a resend of the same digest replace its file instead of adding one.
        var digest = message.Headers["X-NewsAlerts-Digest"] ?? _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var name = $"{Safe(digest)}-{Safe(recipient)}.eml";
        var path = Path.Combine(_directory, name);
        var temporary = path + ".tmp";
        try
        {
            await message.WriteToAsync(Crlf, temporary, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The file is named after its recipient, and the host logs what is thrown: the path goes on masked, without
            // the original exception that quotes it.
            throw new IOException(EmailAddressRedaction.Masked(ex.Message));
        }

        return path;
    }

    private static string Safe(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, 60));
        foreach (var c in value.Take(60))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_');
        }

        return builder.ToString();
    }
}
