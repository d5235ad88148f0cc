using Azure.Data.Tables;
using NewsAlerts.Articles;
using NewsAlerts.Digests;
using NewsAlerts.Storage;
using NewsAlerts.Testing;

namespace NewsAlerts.Watchlists;

public class RemoveSubscriberTests
{
    [Fact]
    public async Task RemovingASubscriberTakesTheirWatchlistsAndUndeliveredMatchesAndKeepsWhatWasSent()
    {
        await using var storage = await TestStorage.StartAsync();
        var watchlists = storage.Get<WatchlistService>();
        await watchlists.AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        await watchlists.AddAsync("alice@example.com", "Energy", ["wind"]);
        await watchlists.AddAsync("bob@example.com", "Ports", ["Rotterdam"]);
        await storage.IngestAsync("strike.txt", "Dock workers at Rotterdam walk out\n\nDock workers at the port of Rotterdam began a strike.");
        Assert.Equal(DigestOutcome.Sent, (await storage.Get<DigestSender>().SendAsync(new DigestRequest("alice@example.com", "20261124T0900Z"))).Outcome);
        await storage.IngestAsync("wind.txt", "Offshore wind farm approved\n\nA wind farm near Rotterdam was approved on Tuesday.");

        Assert.True(await watchlists.RemoveSubscriberAsync("Alice@Example.com"));

        var remaining = Assert.Single(await watchlists.ListAsync());
        Assert.Equal("bob@example.com", remaining.Subscriber.Email);
        var alicesMatches = await storage.Table("Matches")
            .QueryAsync<MatchEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Subscriber("alice@example.com")}"))
            .ToListAsync();
        var delivered = Assert.Single(alicesMatches);
        Assert.True(delivered.Delivered);
        Assert.Equal("Ports", delivered.Watchlist);

        // The catalog was touched: matching no longer knows Alice's watchlists.
        var again = await storage.Get<ArticleIngestor>().IngestAsync("wind.txt");
        Assert.Equal(1, again.MatchCount);
        Assert.Equal("bob@example.com", Assert.Single(Assert.Single(await storage.Get<ArticleStore>().ListAsync().Where(a => a.Name == "wind.txt").ToListAsync()).Matches).Email);
    }

    [Fact]
    public async Task RemovingSomeoneWhoIsNotSubscribedSaysSo()
    {
        await using var storage = await TestStorage.StartAsync();

        Assert.False(await storage.Get<WatchlistService>().RemoveSubscriberAsync("nobody@example.com"));
    }

    [Fact]
    public async Task RemovingNeedsAValidAddress()
    {
        await using var storage = await TestStorage.StartAsync();

        var failure = await Assert.ThrowsAsync<ValidationException>(() => storage.Get<WatchlistService>().RemoveSubscriberAsync("alice"));

        Assert.Equal("email", Assert.Single(failure.Errors).Field);
    }
}
