using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsAlerts.Logging;

namespace NewsAlerts.Email;

/// <summary>
/// Sends over SMTP with MailKit. A permanent refusal (5xx) of the sender, a recipient or the message is data
/// (<see cref="EmailRefusedException"/>); a temporary one (4xx, <see cref="EmailDeferredException"/>) and connection
/// failures propagate for retry.
/// </summary>
public sealed class SmtpEmailSender : IEmailSender
{
    private readonly SmtpOptions _options;

    /// <summary>Creates the sender from <c>Email:Smtp</c>.</summary>
    public SmtpEmailSender(IOptions<EmailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Smtp;
    }

    /// <inheritdoc />
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);

        // SmtpClient is not thread-safe and a digest is one message: one connection per digest.
        using var client = new SmtpClient();
        await client.ConnectAsync(_options.Host!, _options.Port, _options.Security, cancellationToken);
        if (!string.IsNullOrEmpty(_options.UserName))
        {
            await client.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken);
        }

        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException ex) when (IsPermanentRefusal(ex))
        {
            throw new EmailRefusedException(ex.Mailbox?.Address ?? string.Empty, (int)ex.StatusCode, EmailAddressRedaction.Masked(ex.Message), ex);
        }
        catch (SmtpCommandException ex)
        {
            // Thrown on to the host, which logs it: the server's reply often quotes the recipient's address, so
            // it is passed on masked, and without the original exception that carries it verbatim.
            throw new EmailDeferredException((int)ex.StatusCode, EmailAddressRedaction.Masked(ex.Message));
        }
        finally
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }

        return $"smtp://{_options.Host}:{_options.Port}";
    }

    /// <summary>
    /// A 5xx reply to <c>MAIL FROM</c>, <c>RCPT TO</c> or the message: the same message gets the same answer, so
    /// retrying cannot help. A 4xx (421 closing, 450 mailbox busy, 452 out of storage) says "not now": it
    /// propagates as <see cref="EmailDeferredException"/>, and the queue tries again later.
    /// </summary>
    private static bool IsPermanentRefusal(SmtpCommandException ex) =>
        ex.ErrorCode is SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted
        && (int)ex.StatusCode >= 500;
}
