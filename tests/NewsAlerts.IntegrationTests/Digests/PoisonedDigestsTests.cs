using NewsAlerts.Cli.Local;
using NewsAlerts.Storage;
using NewsAlerts.Testing;

namespace NewsAlerts.Digests;

public class PoisonedDigestsTests
{
    [Fact]
    public async Task ListingShowsPoisonedMessagesWithoutTakingThem()
    {
        await using var storage = await TestStorage.StartAsync();
        var poison = storage.Get<NewsAlertsStorage>().DigestPoisonQueue;
        await storage.Get<NewsAlertsStorage>().EnsureCreatedAsync();
        await poison.SendMessageAsync(new DigestRequest("alice@example.com", "20261124T0900Z").ToJson());
        await poison.SendMessageAsync("not a digest request");

        var first = await storage.Get<PoisonedDigests>().ListAsync();
        var second = await storage.Get<PoisonedDigests>().ListAsync();

        Assert.Equal(2, first.ApproximateCount);
        Assert.Collection(
            first.Messages,
            m =>
            {
                Assert.Equal("alice@example.com", m.Email);
                Assert.Equal("20261124T0900Z", m.DigestId);
                Assert.NotNull(m.InsertedOn);
                Assert.True(m.IsDigestRequest);
            },
            m =>
            {
                Assert.Null(m.Email);
                Assert.Equal("not a digest request", m.Text);
            });
        Assert.Equal(first.Messages.Select(m => m.MessageId), second.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task RequeueMovesDigestRequestsBackAndTheLocalHostSendsThem()
    {
        await using var storage = await TestStorage.StartAsync();
        await storage.Get<Watchlists.WatchlistService>().AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        await storage.IngestAsync("strike.txt", "Dock workers at Rotterdam walk out\n\nDock workers at the port of Rotterdam began a strike.");
        var queues = storage.Get<NewsAlertsStorage>();
        await queues.DigestPoisonQueue.SendMessageAsync(new DigestRequest("alice@example.com", "20261124T0900Z").ToJson());
        await queues.DigestPoisonQueue.SendMessageAsync("{\"email\":\"\"}");

        var result = await storage.Get<PoisonedDigests>().RequeueAsync();

        Assert.Equal(1, result.Requeued);
        Assert.Equal("{\"email\":\"\"}", Assert.Single(result.Skipped).Text);
        Assert.Equal(1, (await queues.DigestPoisonQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var drain = await storage.Get<DigestQueueProcessor>().DrainAsync();
        Assert.Equal(1, drain.Sent);
        Assert.Single(Directory.GetFiles(storage.Outbox, "*.eml"));
    }

    [Fact]
    public async Task AMessageTheLocalHostGivesUpOnIsListedAsPoison()
    {
        await using var storage = await TestStorage.StartAsync();
        await storage.Get<NewsAlertsStorage>().EnsureCreatedAsync();
        await storage.Get<NewsAlertsStorage>().DigestQueue.SendMessageAsync("{broken");

        var drain = await storage.Get<DigestQueueProcessor>().DrainAsync();

        Assert.Equal(1, drain.Poisoned);
        Assert.Equal("{broken", Assert.Single((await storage.Get<PoisonedDigests>().ListAsync()).Messages).Text);
    }

    [Fact]
    public async Task RequeueingAnEmptyPoisonQueueMovesNothing()
    {
        await using var storage = await TestStorage.StartAsync();

        var result = await storage.Get<PoisonedDigests>().RequeueAsync();

        Assert.Equal(0, result.Requeued);
        Assert.Empty(result.Skipped);
    }
}
