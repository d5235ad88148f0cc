using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using NewsAlerts.Cli.Local;
using NewsAlerts.Digests;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Logging;

/// <summary>No log line carries a subscriber's address, and the lines about one subscriber can still be told apart and joined.</summary>
public class EmailAddressLogTests
{
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.com";
    private const string Strike = "Dock workers at Rotterdam walk out\n\nDock workers at the port of Rotterdam began a strike on Monday.";

    private static readonly Dictionary<string, string?> SigningKey = new() { ["Digests:UnsubscribeSigningKey"] = "a-test-signing-key-of-at-least-32-characters" };

    [Fact]
    public async Task WatchlistAndDigestLinesCarryAKeyedHashOfTheAddressTheSameForOneSubscriber()
    {
        await using var storage = await TestStorage.StartAsync(SigningKey, services => services.AddFakeLogging());
        var watchlists = storage.Get<WatchlistService>();
        await watchlists.AddAsync(Alice, "Ports", ["Rotterdam"]);
        await watchlists.AddAsync(Alice, "Energy", ["solar"]);
        await watchlists.AddAsync(Bob, "Markets", ["inflation"]);
        await watchlists.RemoveAsync(Alice, "Energy");
        await storage.IngestAsync("strike.txt", Strike);
        await storage.IngestAsync("rates.txt", "Rates held\n\nThe central bank said inflation is cooling.");
        var results = new KeptDigestResults();
        var run = await storage.Get<DigestRunner>().RunAsync(handled: results);
        await storage.IngestAsync("strike-day-two.txt", "Rotterdam strike goes on\n\nThe strike at the port of Rotterdam went into its second day.");
        var again = await storage.Get<DigestSender>().SendAsync(new DigestRequest(Alice, results.Results.Single(r => r.Email == Alice).DigestId));
        await watchlists.RemoveSubscriberAsync(Bob);
        await storage.Get<UnsubscribeService>().UnsubscribeAsync(storage.Get<UnsubscribeLinks>().CreateToken(Alice));

        Assert.Equal(2, run.Drain.Sent);
        Assert.Equal(DigestOutcome.AlreadyClaimed, again.Outcome);
        var logs = storage.Get<FakeLogCollector>().GetSnapshot();
        AssertNoAddressIn(logs);
        var saved = Subscribers(logs, "Saved watchlist");
        var (alice, bob) = (saved[0], saved[2]);
        Assert.Equal([alice, alice, bob], saved);
        Assert.NotEqual(alice, bob);
        Assert.Equal([alice], Subscribers(logs, "Removed watchlist"));
        Assert.Equal(new[] { alice, bob }.Order(StringComparer.Ordinal), Subscribers(logs, "Sent digest").Order(StringComparer.Ordinal));
        Assert.Equal([alice], Subscribers(logs, "is already claimed"));
        Assert.Equal([bob, alice], Subscribers(logs, "Removed subscriber"));
        Assert.Equal([alice], Subscribers(logs, "Unsubscribed"));
    }

    [Fact]
    public async Task RefusedAndDeferredDigestsLogTheServersReplyWithoutTheAddress()
    {
        await using var refusing = ScriptedSmtpServer.Start(new Dictionary<SmtpStep, string>
        {
            [SmtpStep.RcptTo] = $"550 5.1.1 <{Alice}>: Recipient address rejected: User unknown in local recipient table",
        });
        await using var deferring = ScriptedSmtpServer.Start(new Dictionary<SmtpStep, string>
        {
            [SmtpStep.RcptTo] = $"450 4.2.1 <{Alice}>: Mailbox busy, try again later",
        });

        foreach (var server in new[] { refusing, deferring })
        {
            await using var storage = await TestStorage.StartAsync(server.Settings(), services => services.AddFakeLogging());
            await storage.Get<WatchlistService>().AddAsync(Alice, "Ports", ["Rotterdam"]);
            await storage.IngestAsync("strike.txt", Strike);
            storage.Get<DigestQueueProcessor>().RetryDelay = TimeSpan.Zero;

            var results = new KeptDigestResults();
            await storage.Get<DigestRunner>().RunAsync(handled: results);

            var logs = storage.Get<FakeLogCollector>().GetSnapshot();
            AssertNoAddressIn(logs);
            Assert.Contains(logs, l => $"{l.Message} {l.Exception?.Message}".Contains(server == refusing ? "User unknown" : "Mailbox busy", StringComparison.Ordinal));
            Assert.Equal(server == refusing ? DigestOutcome.Refused : null, results.Results.SingleOrDefault()?.Outcome);
        }
    }

    private static void AssertNoAddressIn(IReadOnlyList<FakeLogRecord> logs)
    {
        Assert.NotEmpty(logs);
        foreach (var log in logs)
        {
            var text = string.Join(" | ", [log.Message, .. (log.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}"), log.Exception?.ToString()]);
            Assert.False(text.Contains("@example.com", StringComparison.OrdinalIgnoreCase), $"{log.Category}: {text}");
        }
    }

    /// <summary>The logged subscriber of each line whose message has <paramref name="words"/>, in order.</summary>
    private static List<string?> Subscribers(IReadOnlyList<FakeLogRecord> logs, string words) =>
        [.. logs.Where(l => l.Message.Contains(words, StringComparison.Ordinal)).Select(l => l.GetStructuredStateValue("Email"))];
}
