using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Moq;
using NewsAlerts.Cli.Local;
using NewsAlerts.Digests;
using NewsAlerts.Email;
using NewsAlerts.Storage;
using NewsAlerts.Testing;

namespace NewsAlerts.Digests;

public class DigestTests : StorageTest
{
    private const string RatesBody = "The central bank left its main rate unchanged on Thursday, saying inflation is cooling faster than expected but is not yet back at its target. Two members of the committee voted for a cut.";

    private static async Task PrepareAsync(TestStorage storage)
    {
        var watchlists = storage.Get<Watchlists.WatchlistService>();
        await watchlists.AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        await watchlists.AddAsync("alice@example.com", "Energy", ["solar"]);
        await watchlists.AddAsync("bob@example.com", "Markets", ["inflation"]);
        await watchlists.AddAsync("carla@example.com", "Transit", ["metro"]);
        foreach (var (name, text) in new[]
        {
            ("strike.txt", "Strike at Rotterdam\n\nDock workers in Rotterdam stopped work on Monday."),
            ("solar.txt", "Solar farm opens\n\nA solar farm opened in Chile with batteries."),
            ("rates.txt", "Rates held\n\n" + RatesBody),
            ("rates-copy.txt", "Rates on hold\n\n" + RatesBody),
        })
        {
            await storage.UploadAsync(name, text);
        }

        await storage.Get<ArticleScanner>().ProcessPendingAsync();
    }

    [Fact]
    public async Task DigestRunSendsOneEmailPerSubscriberWithNewMatchesThenNothingNew()
    {
        await PrepareAsync(Storage);

        var firstResults = new KeptDigestResults();
        var first = await Storage.Get<DigestRunner>().RunAsync(handled: firstResults);
        Storage.Time.Advance(TimeSpan.FromHours(1));
        var second = await Storage.Get<DigestRunner>().RunAsync();

        Assert.Equal(3, first.Planned);
        Assert.Equal(["alice@example.com", "bob@example.com"], firstResults.Results.Where(r => r.Outcome == DigestOutcome.Sent).Select(r => r.Email).Order());
        Assert.Equal(DigestOutcome.NothingNew, firstResults.Results.Single(r => r.Email == "carla@example.com").Outcome);
        var files = Directory.GetFiles(Storage.Outbox, "*.eml");
        Assert.Equal(2, files.Length);

        var alice = await MimeMessage.LoadAsync(files.Single(f => f.Contains("alice", StringComparison.Ordinal)));
        Assert.StartsWith("2 new stories for ", alice.Subject, StringComparison.Ordinal);
        Assert.Contains("Strike at Rotterdam", alice.TextBody, StringComparison.Ordinal);
        Assert.Contains("Solar farm opens", alice.HtmlBody, StringComparison.Ordinal);

        // The two rates articles carry the same words: one story.
        var bob = firstResults.Results.Single(r => r.Email == "bob@example.com");
        Assert.Equal((2, 1), (bob.MatchCount, bob.StoryCount));

        Assert.All(await MatchRowsAsync(), m => Assert.True(m.Delivered));
        Assert.Equal(0, second.Drain.Sent);
        Assert.Equal(2, Directory.GetFiles(Storage.Outbox, "*.eml").Length);
    }

    [Fact]
    public async Task DigestOverSmtpReachesTheServerWithTextAndHtmlParts()
    {
        await using var smtp = await MailDevServer.StartAsync();
        await using var storage = await TestStorage.StartAsync(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "NewsAlerts <digest@alerts.example>",
        });
        await PrepareAsync(storage);

        var results = new KeptDigestResults();
        var run = await storage.Get<DigestRunner>().RunAsync(handled: results);

        Assert.Equal(2, run.Drain.Sent);
        Assert.All(results.Results.Where(r => r.Outcome == DigestOutcome.Sent), r => Assert.Equal($"smtp://127.0.0.1:{smtp.SmtpPort}", r.Location));
        var emails = await smtp.GetEmailsAsync();
        Assert.Equal(2, emails.Count);
        var aliceMail = emails.Single(e => e.GetProperty("to")[0].GetProperty("address").GetString() == "alice@example.com");
        var source = await smtp.GetSourceAsync(aliceMail.GetProperty("id").GetString()!);
        var message = await MimeMessage.LoadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(source)));
        Assert.Equal("alice@example.com", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("digest@alerts.example", Assert.Single(message.From.Mailboxes).Address);
        var parts = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], parts.Select(p => p.ContentType.MimeType));
        Assert.Contains("Strike at Rotterdam", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Solar farm opens", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedSendLeavesMatchesUndeliveredForTheNextRun()
    {
        var closedPort = ClosedPort();
        await using var broken = await TestStorage.StartAsync(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
        });
        await PrepareAsync(broken);

        broken.Get<DigestQueueProcessor>().RetryDelay = TimeSpan.Zero;
        var failed = await broken.Get<DigestRunner>().RunAsync();

        Assert.Equal(2, failed.Drain.Poisoned);
        Assert.Equal(0, failed.Drain.Sent);
        await foreach (var match in broken.Table("Matches").QueryAsync<MatchEntity>())
        {
            Assert.False(match.Delivered);
        }

        await foreach (var digest in broken.Table("Digests").QueryAsync<DigestEntity>(d => d.RowKey != DigestStore.LatestRow))
        {
            Assert.Equal("failed", digest.Status);
        }

        // The mail server is back (here: the pickup directory): the next run delivers everything.
        var settings = await TestStorage.SettingsAsync(broken.Id, broken.Outbox);
        await using var repaired = await TestStorage.StartAsync(settings);
        repaired.Time.Advance(TimeSpan.FromHours(1));
        var retried = await repaired.Get<DigestRunner>().RunAsync();
        Assert.Equal(2, retried.Drain.Sent);
    }

    private static async Task<TestStorage> WithMailServerDownAsync() => await TestStorage.StartAsync(new Dictionary<string, string?>
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
    });

    [Fact]
    public async Task WhenTheMailServerRefusesEveryConnectionTheRunSaysEachDueDigestFailed()
    {
        await using var broken = await WithMailServerDownAsync();
        await PrepareAsync(broken);
        broken.Get<DigestQueueProcessor>().RetryDelay = TimeSpan.Zero;

        var run = await broken.Get<DigestRunner>().RunAsync();

        Assert.Equal(new DigestRunSummary(Sent: 0, Failed: 2, Refused: 0, AlreadySent: 0, NothingNew: 1), run.Summary);
        Assert.Equal(
            "Digest run: sent 0, failed 2 (will retry), already sent or claimed elsewhere 0, nothing new 1.",
            Cli.Digests.DigestCommands.Describe(run.Summary));
    }

    [Fact]
    public async Task ASecondRunInTheSameMinuteSendsNothingAndSaysAlreadySent()
    {
        await using var broken = await WithMailServerDownAsync();
        await PrepareAsync(broken);
        broken.Get<DigestQueueProcessor>().RetryDelay = TimeSpan.Zero;
        await broken.Get<DigestRunner>().RunAsync();

        // The mail server is back, but this minute's digests were planned already: the matches wait for the next run.
        var settings = await TestStorage.SettingsAsync(broken.Id, broken.Outbox);
        await using var repaired = await TestStorage.StartAsync(settings);
        var second = await repaired.Get<DigestRunner>().RunAsync();

        Assert.Equal(new DigestRunSummary(Sent: 0, Failed: 0, Refused: 0, AlreadySent: 3, NothingNew: 0), second.Summary);
        Assert.Equal(
            "Digest run: sent 0, failed 0 (will retry), already sent or claimed elsewhere 3, nothing new 0.",
            Cli.Digests.DigestCommands.Describe(second.Summary));
        Assert.Empty(Directory.GetFiles(broken.Outbox, "*.eml"));
        Assert.All(await broken.Table("Matches").QueryAsync<MatchEntity>().ToListAsync(), m => Assert.False(m.Delivered));
    }

    [Fact]
    public async Task ARunWithoutMatchesSaysNothingNewForEachSubscriberDueAndSoDoesItsJson()
    {
        await AddWatchlistAsync("alice@example.com", "Ports", "Rotterdam");
        await AddWatchlistAsync("bob@example.com", "Markets", "inflation");

        var run = await Storage.Get<DigestRunner>().RunAsync();
        // The CLI runs on the real clock: another minute, so its run is due again.
        var settings = await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox);
        var cli = await CliRunner.RunAsync(settings, "digest", "run", "--json");

        Assert.Equal(new DigestRunSummary(Sent: 0, Failed: 0, Refused: 0, AlreadySent: 0, NothingNew: 2), run.Summary);
        Assert.Equal(
            "Digest run: sent 0, failed 0 (will retry), already sent or claimed elsewhere 0, nothing new 2.",
            Cli.Digests.DigestCommands.Describe(run.Summary));
        Assert.True(cli.ExitCode == 0, cli.ToString());
        var json = System.Text.Json.JsonDocument.Parse(cli.Output).RootElement;
        Assert.Equal(
            (0, 0, 0, 0, 2),
            (json.GetProperty("sent").GetInt32(), json.GetProperty("failed").GetInt32(), json.GetProperty("refused").GetInt32(),
                json.GetProperty("alreadySent").GetInt32(), json.GetProperty("nothingNew").GetInt32()));
        Assert.Equal(["nothingNew", "nothingNew"], json.GetProperty("digests").EnumerateArray().Select(d => d.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task RefusedRecipientIsRecordedAndNotRetried()
    {
        // The seam: MailDev accepts every recipient, so a refusal cannot be produced by a real server here.
        var email = new Mock<IEmailSender>();
        email.Setup(e => e.SendAsync(It.IsAny<MimeMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new EmailRefusedException("alice@example.com", 550, "mailbox unavailable", new IOException("550")));
        await using var storage = await TestStorage.StartAsync(services: s => s.AddSingleton(email.Object));
        await PrepareAsync(storage);

        var run = await storage.Get<DigestRunner>().RunAsync();

        Assert.Equal(2, run.Summary.Refused);
        Assert.Empty(run.Drain.Failures);
        Assert.Equal(0, run.Drain.Poisoned);
        Assert.Null((await storage.Get<NewsAlertsStorage>().DigestQueue.ReceiveMessageAsync()).Value);
        await foreach (var digest in storage.Table("Digests").QueryAsync<DigestEntity>(d => d.RowKey != DigestStore.LatestRow))
        {
            Assert.Equal("refused", digest.Status);
            Assert.Contains("550", digest.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TwoSendersOfTheSameDigestSendOneEmail()
    {
        await PrepareAsync(Storage);
        var request = new DigestRequest("alice@example.com", DeliverySchedule.Immediate.PeriodAt(Storage.Time.GetUtcNow()));
        var sender = Storage.Get<DigestSender>();

        var results = await Task.WhenAll(sender.SendAsync(request), sender.SendAsync(request));

        Assert.Single(results, r => r.Outcome == DigestOutcome.Sent);
        Assert.Single(Directory.GetFiles(Storage.Outbox, "*.eml"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASenderThatStalledPastItsClaimLeavesTheOutcomeToTheSenderThatTookOver(bool stalledSendFails)
    {
        var email = new StallingEmailSender(stalledSendFails);
        await using var storage = await TestStorage.StartAsync(services: s => s.AddSingleton<IEmailSender>(email));
        await PrepareAsync(storage);
        var request = new DigestRequest("alice@example.com", DeliverySchedule.Immediate.PeriodAt(storage.Time.GetUtcNow()));
        var sender = storage.Get<DigestSender>();

        var stalled = sender.SendAsync(request);
        await email.FirstSendStarted;
        storage.Time.Advance(DigestSender.StaleClaim + TimeSpan.FromMinutes(1));
        var takeover = await sender.SendAsync(request);
        email.ReleaseFirstSend();
        var late = await stalled;

        // Whether its late send went out or failed, the stalled sender records nothing and throws nothing.
        Assert.Equal(DigestOutcome.Sent, takeover.Outcome);
        Assert.Equal(DigestOutcome.AlreadyClaimed, late.Outcome);
        var partition = TableKeys.Subscriber(request.Email);
        var digest = (await storage.Table("Digests").GetEntityAsync<DigestEntity>(partition, request.DigestId)).Value;
        Assert.Equal(("sent", takeover.Location), (digest.Status, digest.Location));
        Assert.All(await storage.Table("Matches").QueryAsync<MatchEntity>(m => m.PartitionKey == partition).ToListAsync(), m => Assert.True(m.Delivered));

        // A retry of the message sends nothing more.
        var sentBefore = email.Delivered;
        Assert.NotEqual(DigestOutcome.Sent, (await sender.SendAsync(request)).Outcome);
        Assert.Equal(sentBefore, email.Delivered);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Holds its first message until released, then delivers or fails it; later messages go at once.</summary>
    private sealed class StallingEmailSender(bool firstFails) : IEmailSender
    {
        private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _releaseFirst = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;
        private int _delivered;

        public Task FirstSendStarted => _firstStarted.Task;

        public int Delivered => Volatile.Read(ref _delivered);

        public void ReleaseFirstSend() => _releaseFirst.SetResult();

        public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
        {
            var call = Interlocked.Increment(ref _calls);
            if (call == 1)
            {
                _firstStarted.SetResult();
                await _releaseFirst.Task.WaitAsync(cancellationToken);
                if (firstFails)
                {
                    throw new IOException("connection reset");
                }
            }

            Interlocked.Increment(ref _delivered);
            return $"outbox/send-{call}.eml";
        }
    }
}
