using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsAlerts.Testing;

namespace NewsAlerts.Email;

/// <summary>How <see cref="SmtpEmailSender"/> turns what a real SMTP server answers into outcomes, over MailKit and TCP.</summary>
public class SmtpEmailSenderTests
{
    [Fact]
    public async Task AcceptedMessageGoesThroughTheWholeConversation()
    {
        await using var server = ScriptedSmtpServer.Start();

        var location = await Sender(server).SendAsync(Digest());

        Assert.Equal($"smtp://127.0.0.1:{server.Port}", location);
        Assert.Equal(["EHLO", "MAIL", "RCPT", "DATA", "QUIT"], server.Commands.Select(c => c.Split(' ')[0]));
    }

    [Fact]
    public async Task UnknownRecipientIsARefusalAndNoMessageIsSent()
    {
        await using var server = ScriptedSmtpServer.Start(new Dictionary<SmtpStep, string>
        {
            [SmtpStep.RcptTo] = "550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown in local recipient table",
        });

        var refused = await Assert.ThrowsAsync<EmailRefusedException>(() => Sender(server).SendAsync(Digest()));

        Assert.Equal(550, refused.StatusCode);
        Assert.Contains("User unknown", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("DATA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MessageRefusedAfterItsDataIsARefusal()
    {
        await using var server = ScriptedSmtpServer.Start(new Dictionary<SmtpStep, string>
        {
            [SmtpStep.EndOfData] = "552 5.3.4 Message size exceeds fixed maximum message size",
        });

        var refused = await Assert.ThrowsAsync<EmailRefusedException>(() => Sender(server).SendAsync(Digest()));

        Assert.Equal(552, refused.StatusCode);
    }

    [Theory]
    [InlineData(SmtpStep.MailFrom, "421 4.3.2 Service shutting down, try again later")]
    [InlineData(SmtpStep.RcptTo, "450 4.2.1 <alice@example.com>: Mailbox busy, try again later")]
    public async Task TemporaryRefusalIsLeftToARetry(SmtpStep step, string reply)
    {
        await using var server = ScriptedSmtpServer.Start(new Dictionary<SmtpStep, string> { [step] = reply });

        // Not a refusal: DigestSender records the attempt as failed and rethrows, so the queue tries again.
        var deferred = await Assert.ThrowsAsync<EmailDeferredException>(() => Sender(server).SendAsync(Digest()));

        Assert.Equal(reply[..3], deferred.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("alice@example.com", deferred.Message, StringComparison.Ordinal);
    }

    private static SmtpEmailSender Sender(ScriptedSmtpServer server) =>
        new(Options.Create(new EmailOptions { Smtp = new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SecureSocketOptions.None } }));

    private static MimeMessage Digest()
    {
        var message = new MimeMessage { Subject = "1 new story for Ports", Body = new TextPart("plain") { Text = "Dock workers in Rotterdam stopped work." } };
        message.From.Add(MailboxAddress.Parse("digest@newsalerts.local"));
        message.To.Add(MailboxAddress.Parse("alice@example.com"));
        return message;
    }
}
