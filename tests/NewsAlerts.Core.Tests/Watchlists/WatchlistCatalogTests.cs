using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NewsAlerts.Matching;
using NewsAlerts.Storage;

namespace NewsAlerts.Watchlists;

public class WatchlistCatalogTests
{
    [Fact]
    public async Task ReadersNeverSeeOneRevisionWithAnotherRevisionsMatcher()
    {
        // No request is made: the race is between publishing a compiled matcher and reading it.
        const string Connection = "UseDevelopmentStorage=true";
        var storage = new NewsAlertsStorage(new BlobServiceClient(Connection), new QueueServiceClient(Connection), new TableServiceClient(Connection), Options.Create(new NewsAlertsOptions()));
        using var catalog = new WatchlistCatalog(storage.Watchlists, NullLogger<WatchlistCatalog>.Instance);
        var compiled = Enumerable.Range(0, 2)
            .Select(i => (Revision: new ETag($"W/\"revision-{i}\""), Matcher: WatchlistMatcher.Compile([new Watchlist("a@example.com", $"W{i}", [$"term{i}"]).ToDefinition()])))
            .ToArray();
        var matcherAt = compiled.ToDictionary(c => c.Revision, c => c.Matcher);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var readersDone = false;
        var mismatches = 0L;
        var reads = 0L;

        var rebuilds = Task.Run(() =>
        {
            for (var i = 0; !Volatile.Read(ref readersDone); i++)
            {
                catalog.Publish(compiled[i % 2].Revision, compiled[i % 2].Matcher);
            }
        });
        var readers = Task.Run(() =>
        {
            // Two seconds and enough reads, however loaded the machine is.
            while (!stop.IsCancellationRequested || reads < 100_000)
            {
                if (catalog.Current is { } current)
                {
                    reads++;
                    if (!matcherAt.TryGetValue(current.Revision, out var matcher) || !ReferenceEquals(matcher, current.Matcher))
                    {
                        mismatches++;
                    }
                }
            }

            Volatile.Write(ref readersDone, true);
        });
        await Task.WhenAll(rebuilds, readers);

        Assert.True(reads > 0);
        Assert.True(mismatches == 0, $"{mismatches:N0} of {reads:N0} reads saw one revision with another revision's matcher");
    }
}
