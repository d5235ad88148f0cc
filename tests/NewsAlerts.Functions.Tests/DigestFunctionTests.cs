using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using NewsAlerts.Digests;
using NewsAlerts.Functions.Digests;
using NewsAlerts.Functions.Support;
using NewsAlerts.Storage;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions;

/// <summary>The timer and queue functions over Azurite-backed Core: plan onto the queue, send from it.</summary>
public class DigestFunctionTests
{
    [Fact]
    public async Task PlanDigestsEnqueuesOneMessagePerSubscriber()
    {
        await using var storage = await TestStorage.StartAsync();
        var watchlists = storage.Get<WatchlistService>();
        await watchlists.AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        await watchlists.AddAsync("alice@example.com", "Energy", ["wind"]);
        await watchlists.AddAsync("bob@example.com", "Ports", ["Antwerp"], "Europe/Brussels");

        await new PlanDigests(storage.Get<DigestPlanner>(), NullLogger<PlanDigests>.Instance)
            .RunAsync(new TimerInfo { IsPastDue = true, ScheduleStatus = new ScheduleStatus { Next = DateTime.UtcNow } }, new TestFunctionContext(storage.Services));

        PeekedMessage[] messages = (await storage.Get<NewsAlertsStorage>().DigestQueue.PeekMessagesAsync(32)).Value;
        var requests = messages.Select(m => DigestRequest.Parse(m.Body.ToString())).ToList();
        Assert.Equal(["alice@example.com", "bob@example.com"], requests.Select(r => r.Email).Order(StringComparer.Ordinal));
        Assert.All(requests, r => Assert.Equal(DeliverySchedule.Immediate.PeriodAt(storage.Time.GetUtcNow()), r.DigestId));
    }

    [Fact]
    public async Task SendDigestSendsTheSubscribersMatchesAsAnEmail()
    {
        await using var storage = await TestStorage.StartAsync();
        await storage.Get<WatchlistService>().AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        Assert.Equal(1, (await storage.IngestAsync("strike.txt", "Dock workers at Rotterdam walk out\n\nDock workers at the port of Rotterdam began a strike on Monday.")).MatchCount);
        var message = new DigestRequest("alice@example.com", "20261124T0900Z").ToJson();

        await new SendDigest(storage.Get<DigestSender>()).RunAsync(message, new TestFunctionContext(storage.Services));

        var eml = Assert.Single(Directory.GetFiles(storage.Outbox, "*.eml"));
        var mail = await MimeKit.MimeMessage.LoadAsync(eml);
        Assert.Equal("alice@example.com", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("1 new story for Ports: Dock workers at Rotterdam walk out", mail.Subject);
    }

    [Fact]
    public async Task SendDigestFailsOnAMessageThatIsNotADigestRequestSoTheHostRetriesThenPoisonsIt()
    {
        await using var storage = await TestStorage.StartAsync();

        await Assert.ThrowsAsync<FormatException>(() =>
            new SendDigest(storage.Get<DigestSender>()).RunAsync("{\"hello\":1}", new TestFunctionContext(storage.Services)));

        Assert.Empty(Directory.GetFiles(storage.Outbox, "*.eml"));
    }
}
