using NewsAlerts.Cli.Bench;
using NewsAlerts.Stories;
using NewsAlerts.Testing;

namespace NewsAlerts.Articles;

/// <summary>
/// What one article costs in storage round trips, counted exactly by a pipeline policy on the host's own clients
/// (the one <c>newsalerts bench</c> uses): the README's 5 + K, plus the story's.
/// </summary>
public class IngestRoundTripsTests : IAsyncLifetime
{
    private const string Ferry = "A passenger ferry with 240 people on board ran aground on rocks off the Italian island of Lampedusa early on Saturday, the coast guard said. Rescue boats took everyone off the vessel within three hours and no one was seriously hurt. The ferry, the Stella Marina, had left Porto Empedocle in Sicily late on Friday. Investigators are examining why it strayed from the usual route in calm weather.";

    private readonly string _prefix = "rt" + Guid.NewGuid().ToString("N")[..10];
    private StorageRequestCounter _requests = null!;
    private TestStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _requests = new StorageRequestCounter(_prefix);
        _storage = await TestStorage.StartAsync(new Dictionary<string, string?> { ["NewsAlerts:TablePrefix"] = _prefix }, _requests.Install);
        foreach (var (email, term) in new[] { ("alice@example.com", "Lampedusa"), ("bob@example.com", "ferry"), ("carol@example.com", "budget") })
        {
            await _storage.Get<Watchlists.WatchlistService>().AddAsync(email, term, [term]);
        }

        // A first article on another subject opens the tables and compiles the watchlists, as on any warm instance.
        await _storage.IngestAsync("council.md", "# Council approves budget\n\nThe town council of Kalobreford approved next year's budget on Monday after a long vote.");
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task AnArticleCostsFivePlusOnePerMatchedSubscriberAndItsStoryTwentySevenToStartAndOneToJoinOnAWarmInstance()
    {
        const int K = 2; // alice and bob
        var ingest = new Dictionary<string, int>
        {
            ["GET blob " + "articles-" + _storage.Id] = 1, // the download
            ["GET table Articles"] = 2,                  // the article as processed before; its match list
            ["GET table Watchlists"] = 1,                // the watchlist revision
            ["POST table $batch"] = K + 1,               // one transaction per matched subscriber; the article's new match rows
            ["PUT table Articles"] = 1,                  // the article
        };

        var started = await CountedIngestAsync("ferry-gazette.md");
        var joined = await CountedIngestAsync("ferry-copy.md");

        // A new story: a query per lookup term, its row, an index row per key term, the second look for a rival.
        Assert.Equal(
            With(ingest, ("GET table StoryTerms", StoryVector.LookupTerms + StoryAssigner.RivalLookupTerms), ("POST table Stories", 1), ("PUT table StoryTerms", StoryCentroid.IndexedTerms)),
            Lines(started));
        // Joining a story this instance knows: its terms and the story are in memory, its key terms did not change,
        // so only the story's new centroid is written.
        Assert.Equal(With(ingest, ("PUT table Stories", 1)), Lines(joined));
        Assert.Equal(5 + K + 1, ingest.Values.Sum());
    }

    private async Task<IReadOnlyDictionary<string, int>> CountedIngestAsync(string name)
    {
        await _storage.UploadAsync(name, $"# Ferry carrying 240 passengers runs aground off Lampedusa\n\n{Ferry}");
        _requests.Reset();
        await _storage.Get<ArticleIngestor>().IngestAsync(name);
        return _requests.ByKind;
    }

    private static string Lines(IEnumerable<KeyValuePair<string, int>> counts) =>
        string.Join('\n', counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));

    private static string With(Dictionary<string, int> ingest, params (string Kind, int Count)[] story)
    {
        var all = new SortedDictionary<string, int>(ingest, StringComparer.Ordinal);
        foreach (var (kind, count) in story)
        {
            all[kind] = count;
        }

        return Lines(all);
    }
}
