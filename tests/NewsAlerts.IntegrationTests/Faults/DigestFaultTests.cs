using System.Globalization;
using System.Text;
using MimeKit;
using NewsAlerts.Cli.Local;
using NewsAlerts.Digests;
using NewsAlerts.Storage;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Faults;

/// <summary>Digests over a real SMTP server (MailDev) that goes away and comes back, and digest runs that race.</summary>
public sealed class DigestFaultTests : IAsyncLifetime
{
    // How many matches each subscriber has: their one digest must deliver them all.
    private static readonly Dictionary<string, int> Expected = new(StringComparer.Ordinal)
    {
        ["alice@example.com"] = 3,
        ["bob@example.com"] = 1,
        ["carla@example.com"] = 1,
    };

    private MailDevServer _smtp = null!;

    public async Task InitializeAsync() => _smtp = await MailDevServer.StartAsync();

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    [Fact]
    public async Task DigestsThatFailedWhileTheMailServerWasDownReachEachSubscriberOnceWithAllTheirMatchesWhenItIsBack()
    {
        await using var storage = await TestStorage.StartAsync(SmtpSettings());
        await PrepareAsync(storage);
        storage.Get<DigestQueueProcessor>().RetryDelay = TimeSpan.Zero;

        await _smtp.StopAsync();
        var whileDown = await storage.Get<DigestRunner>().RunAsync();
        await _smtp.StartAgainAsync();
        storage.Time.Advance(TimeSpan.FromHours(1));
        var whenBack = await storage.Get<DigestRunner>().RunAsync();
        storage.Time.Advance(TimeSpan.FromHours(1));
        var afterwards = await storage.Get<DigestRunner>().RunAsync();

        Assert.Equal((0, 3), (whileDown.Drain.Sent, whileDown.Drain.Poisoned));
        Assert.Equal(3, whenBack.Drain.Sent);
        Assert.Equal(0, afterwards.Drain.Sent);
        await AssertOneDigestEachWithAllTheirMatchesAsync(storage);
    }

    [Fact]
    public async Task TwoDigestRunsAtOnceSendEachSubscriberExactlyOneEmail()
    {
        await using var storage = await TestStorage.StartAsync(SmtpSettings());
        await PrepareAsync(storage);
        var settings = await TestStorage.SettingsAsync(storage.Id, storage.Outbox);
        foreach (var (key, value) in SmtpSettings())
        {
            settings[key] = value;
        }

        await using var first = CliProcess.Start(settings, "digest", "run");
        await using var second = CliProcess.Start(settings, "digest", "run");
        var exits = await Task.WhenAll(first.WaitForExitAsync(TimeSpan.FromSeconds(60)), second.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        Assert.True(exits.All(e => e == 0), $"exits {string.Join(", ", exits)}\n--- first ---\n{first.Error}\n--- second ---\n{second.Error}");
        await AssertOneDigestEachWithAllTheirMatchesAsync(storage);
    }

    private Dictionary<string, string?> SmtpSettings() => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = _smtp.SmtpPort.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
    };

    private static async Task PrepareAsync(TestStorage storage)
    {
        var watchlists = storage.Get<WatchlistService>();
        await watchlists.AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        await watchlists.AddAsync("alice@example.com", "Energy", ["solar"]);
        await watchlists.AddAsync("bob@example.com", "Markets", ["inflation"]);
        await watchlists.AddAsync("carla@example.com", "Transit", ["metro"]);
        foreach (var (name, text) in new[]
        {
            ("strike.txt", "Strike at Rotterdam\n\nDock workers in Rotterdam stopped work on Monday over night-shift pay."),
            ("marathon.txt", "Record at the Rotterdam marathon\n\nA Kenyan runner set a course record at the Rotterdam marathon on Sunday, cheered on by thousands."),
            ("solar.txt", "Solar farm opens in Chile\n\nA solar farm with batteries opened in the Atacama desert."),
            ("rates.txt", "Central bank holds rates\n\nThe central bank left its rate unchanged, saying inflation is cooling."),
            ("metro.txt", "Metro line reopens\n\nThe city's oldest metro line reopened after two years of repairs."),
        })
        {
            await storage.UploadAsync(name, text);
        }

        var scan = await storage.Get<ArticleScanner>().ProcessPendingAsync();
        Assert.Empty(scan.Errors);
    }

    /// <summary>
    /// MailDev holds exactly one email per subscriber, and it is the digest recorded as sent, the one every match of
    /// theirs is marked delivered by.
    /// </summary>
    private async Task AssertOneDigestEachWithAllTheirMatchesAsync(TestStorage storage)
    {
        var received = new List<MimeMessage>();
        foreach (var email in await _smtp.GetEmailsAsync())
        {
            var source = await _smtp.GetSourceAsync(email.GetProperty("id").GetString()!);
            received.Add(await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(source))));
        }

        var matches = new List<MatchEntity>();
        await foreach (var match in storage.Table("Matches").QueryAsync<MatchEntity>())
        {
            matches.Add(match);
        }

        var sent = new List<DigestEntity>();
        await foreach (var digest in storage.Table("Digests").QueryAsync<DigestEntity>(d => d.Status == "sent"))
        {
            sent.Add(digest);
        }

        var byRecipient = received.GroupBy(m => m.To.Mailboxes.Single().Address).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), byRecipient.Keys.Order(StringComparer.Ordinal));
        foreach (var (recipient, matchCount) in Expected)
        {
            var message = Assert.Single(byRecipient[recipient]);
            var digest = Assert.Single(sent, d => d.Email == recipient);
            var theirs = matches.Where(m => m.Email == recipient).ToList();
            Assert.Equal(digest.MessageId, message.MessageId);
            Assert.Equal((matchCount, matchCount), (theirs.Count, digest.MatchCount));
            Assert.All(theirs, m => Assert.Equal((true, digest.RowKey), (m.Delivered, m.DigestId)));
        }
    }
}
