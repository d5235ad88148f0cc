using Microsoft.Extensions.Options;
using MimeKit;

namespace NewsAlerts.Email;

public class PickupDirectoryEmailSenderTests
{
    [Fact]
    public async Task AFileThatCannotBeWrittenFailsWithoutTheRecipientsAddress()
    {
        var outbox = Directory.CreateTempSubdirectory("newsalerts-outbox-").FullName;
        var message = AlicesDigest();

        // A folder where the message's file is written: the file system refuses, and its error names the path.
        Directory.CreateDirectory(Path.Combine(outbox, "d20261124T09Z-alice@example.com.eml.tmp"));
        var sender = new PickupDirectoryEmailSender(Options.Create(new EmailOptions { PickupDirectory = outbox }), TimeProvider.System);

        var error = await Assert.ThrowsAsync<IOException>(() => sender.SendAsync(message));

        Assert.Contains("[email]", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alice@example.com", error.ToString(), StringComparison.Ordinal);
        Directory.Delete(outbox, recursive: true);
    }

    [Fact]
    public async Task AMessageIsWrittenAsAnEmlFileNamedAfterItsDigestAndRecipient()
    {
        var outbox = Directory.CreateTempSubdirectory("newsalerts-outbox-").FullName;
        var message = AlicesDigest();
        var sender = new PickupDirectoryEmailSender(Options.Create(new EmailOptions { PickupDirectory = outbox }), TimeProvider.System);

        var path = await sender.SendAsync(message);

        Assert.Equal(Path.Combine(outbox, "d20261124T09Z-alice@example.com.eml"), path);
        Assert.Equal("Two new stories.", (await MimeMessage.LoadAsync(path)).TextBody?.Trim());
        Directory.Delete(outbox, recursive: true);
    }

    private static MimeMessage AlicesDigest()
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("digest@newsalerts.local"));
        message.To.Add(MailboxAddress.Parse("alice@example.com"));
        message.Headers.Add("X-NewsAlerts-Digest", "d20261124T09Z");
        message.Body = new TextPart("plain") { Text = "Two new stories." };
        return message;
    }
}
