using System.Collections.Concurrent;
using System.Diagnostics;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Local;
using NewsAlerts.Storage;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Cli.Bench;

/// <summary>What one ingest bench run measured.</summary>
/// <param name="Articles">Articles processed.</param>
/// <param name="Subscribers">Subscribers, each with one watchlist.</param>
/// <param name="Concurrency">Articles processed at once.</param>
/// <param name="Seconds">Wall time of the processing, from the first article to the last.</param>
/// <param name="ArticlesPerSecond">Articles per second.</param>
/// <param name="ArticlesPerSecondByTenth">The same for each tenth of the articles, in the order they finished: whether
/// the rate holds as the tables fill.</param>
/// <param name="P50Milliseconds">Median time of one article, from download to stored matches.</param>
/// <param name="P99Milliseconds">99th percentile of the same.</param>
/// <param name="PeakMemoryMegabytes">The process's peak working set.</param>
/// <param name="CpuMillisecondsPerArticle">This process's CPU time per article.</param>
/// <param name="StorageCpuMillisecondsPerArticle">The private Azurite's CPU time per article; null for other storage.</param>
/// <param name="StageMillisecondsPerArticle">Time spent in each stage per article (stages of articles in flight overlap).</param>
/// <param name="RequestsPerArticle">Storage requests per article.</param>
/// <param name="RequestsPerArticleByKind">The same, by method and table, container or queue.</param>
/// <param name="Stories">Stories the articles made.</param>
/// <param name="Matches">Matches stored.</param>
/// <param name="Failed">Articles that were not processed.</param>
/// <param name="Floor">The baseline: storage's own round trips, measured in the same run.</param>
internal sealed record IngestBenchResult(
    int Articles, int Subscribers, int Concurrency, double Seconds, double ArticlesPerSecond, IReadOnlyList<double> ArticlesPerSecondByTenth, double P50Milliseconds, double P99Milliseconds,
    double PeakMemoryMegabytes, double CpuMillisecondsPerArticle, double? StorageCpuMillisecondsPerArticle,
    IReadOnlyDictionary<string, double> StageMillisecondsPerArticle, double RequestsPerArticle,
    IReadOnlyDictionary<string, double> RequestsPerArticleByKind, int Stories, int Matches, int Failed, StorageFloor Floor);

/// <summary>
/// The baseline an ingest run is held against: point reads of stored articles, the cheapest round trip, sent by the
/// same process to the same storage, enough at once (<see cref="IngestBench.FloorConcurrency"/>) to keep it busy.
/// Ingest cannot beat its round trips, so <see cref="ArticlesPerSecond"/> (round trips per second ÷ round trips
/// per article) is the most it could reach on this machine.
/// </summary>
/// <param name="RoundTrips">Point reads sent.</param>
/// <param name="RoundTripMilliseconds">Mean time of one, with that many in flight.</param>
/// <param name="RoundTripsPerSecond">Point reads per second.</param>
/// <param name="CpuMillisecondsPerRoundTrip">This process's CPU per point read (the SDK's and HTTP's share).</param>
/// <param name="StorageCpuMillisecondsPerRoundTrip">The private Azurite's CPU per point read; null for other storage.</param>
/// <param name="ArticlesPerSecond">Round trips per second ÷ the run's round trips per article.</param>
/// <param name="ShareReached">The run's articles per second ÷ <see cref="ArticlesPerSecond"/>.</param>
internal sealed record StorageFloor(
    int RoundTrips, double RoundTripMilliseconds, double RoundTripsPerSecond, double CpuMillisecondsPerRoundTrip,
    double? StorageCpuMillisecondsPerRoundTrip, double ArticlesPerSecond, double ShareReached);

/// <summary>
/// Ingests generated articles through the local host's own path (the container scan <c>serve</c> runs) and measures
/// it: the traces of <see cref="IngestTelemetry"/> give each article's and each stage's time, the
/// <see cref="StorageRequestCounter"/> the round trips, the processes their CPU time.
/// </summary>
internal sealed class IngestBench(ArticleScanner scanner, ArticleUploader uploader, WatchlistService watchlists, ArticleStore articles, StorageRequestCounter requests)
{
    /// <summary>Point reads in flight for the baseline: past what storage can serve at once, so it measures storage's ceiling.</summary>
    public const int FloorConcurrency = 32;

    /// <summary>Adds <paramref name="subscribers"/> subscribers (a watchlist each, on one topic in turn) and uploads <paramref name="articles"/> articles.</summary>
    public async Task PrepareAsync(int articles, int subscribers, IProgress<int> uploaded, CancellationToken cancellationToken)
    {
        for (var i = 0; i < subscribers; i++)
        {
            var (topic, terms) = GeneratedArticles.WatchlistTerms[i % GeneratedArticles.WatchlistTerms.Count];
            await watchlists.AddAsync($"reader{i:D5}@bench.example", topic, [terms[0]], cancellationToken: cancellationToken);
        }

        var done = 0;
        await Parallel.ForEachAsync(
            GeneratedArticles.Create(articles),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (article, token) =>
            {
                using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(article.Text));
                await uploader.UploadAsync(article.Name, content, cancellationToken: token);
                uploaded.Report(Interlocked.Increment(ref done));
            });
    }

    /// <summary>Processes every uploaded article and measures it.</summary>
    public async Task<IngestBenchResult> RunAsync(int subscribers, int concurrency, Func<TimeSpan?> storageCpu, IProgress<int> processed, CancellationToken cancellationToken)
    {
        var articleTimes = new ConcurrentBag<double>();
        var stageTimes = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IngestTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                var milliseconds = activity.Duration.TotalMilliseconds;
                if (activity.OperationName == IngestTelemetry.ArticleSpan)
                {
                    articleTimes.Add(milliseconds);
                }
                else if (activity.OperationName.StartsWith("ingest ", StringComparison.Ordinal))
                {
                    stageTimes.AddOrUpdate(activity.OperationName["ingest ".Length..], milliseconds, (_, sum) => sum + milliseconds);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        requests.Reset();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var storageBefore = storageCpu();
        var done = 0;
        var finished = new ConcurrentQueue<double>();
        var clock = Stopwatch.StartNew();
        var scan = await scanner.ProcessPendingAsync(
            _ =>
            {
                finished.Enqueue(clock.Elapsed.TotalSeconds);
                processed.Report(Interlocked.Increment(ref done));
            },
            cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var count = Math.Max(1, scan.Processed.Count);
        var storageAfter = storageCpu();
        var times = articleTimes.Order().ToList();
        var stories = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        await foreach (var article in articles.ListAsync(cancellationToken: cancellationToken))
        {
            stories.Add(article.Story ?? article.Id);
            names.Add(article.Name);
        }

        var requestsPerArticle = (double)requests.Total / count;
        var byKind = requests.ByKind.ToDictionary(kind => kind.Key, kind => Math.Round((double)kind.Value / count, 2), StringComparer.Ordinal);
        var articlesPerSecond = scan.Processed.Count / seconds;
        var floor = await FloorAsync(names, storageCpu, requestsPerArticle, articlesPerSecond, cancellationToken);

        return new IngestBenchResult(
            scan.Processed.Count,
            subscribers,
            concurrency,
            Math.Round(seconds, 2),
            Math.Round(articlesPerSecond, 1),
            ByTenth([.. finished.Order()]),
            Math.Round(Percentile(times, 0.50), 1),
            Math.Round(Percentile(times, 0.99), 1),
            Math.Round(process.PeakWorkingSet64 / 1048576.0, 0),
            Math.Round((process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count, 2),
            storageAfter - storageBefore is { } storage ? Math.Round(storage.TotalMilliseconds / count, 2) : null,
            IngestTelemetry.Stages.ToDictionary(stage => stage, stage => Math.Round(stageTimes.GetValueOrDefault(stage) / count, 2), StringComparer.Ordinal),
            Math.Round(requestsPerArticle, 2),
            byKind,
            stories.Count,
            scan.Processed.Sum(p => p.MatchCount),
            scan.Errors.Count + scan.Processed.Count(p => p.Status != ArticleStatus.Processed),
            floor);
    }

    private async Task<StorageFloor> FloorAsync(List<string> names, Func<TimeSpan?> storageCpu, double requestsPerArticle, double articlesPerSecond, CancellationToken cancellationToken)
    {
        var reads = Math.Clamp(names.Count * 5, 1000, 20_000);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var storageBefore = storageCpu();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, reads),
            new ParallelOptions { MaxDegreeOfParallelism = FloorConcurrency, CancellationToken = cancellationToken },
            async (i, token) => await articles.FindAsync(names[i % names.Count], token));
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var perSecond = reads / seconds;
        var floor = perSecond / Math.Max(1, requestsPerArticle);
        return new StorageFloor(
            reads,
            Math.Round(seconds * 1000 * FloorConcurrency / reads, 2),
            Math.Round(perSecond, 0),
            Math.Round((process.TotalProcessorTime - cpuBefore).TotalMilliseconds / reads, 3),
            storageCpu() - storageBefore is { } storage ? Math.Round(storage.TotalMilliseconds / reads, 3) : null,
            Math.Round(floor, 1),
            Math.Round(articlesPerSecond / floor, 2));
    }

    // Each tenth's articles over the time from the end of the tenth before (the start, for the first) to its own end.
    private static List<double> ByTenth(List<double> finished)
    {
        var tenths = new List<double>();
        if (finished.Count < 10)
        {
            return tenths;
        }

        var start = 0.0;
        for (var tenth = 1; tenth <= 10; tenth++)
        {
            var from = finished.Count * (tenth - 1) / 10;
            var to = finished.Count * tenth / 10;
            var end = finished[to - 1];
            tenths.Add(Math.Round((to - from) / Math.Max(end - start, 1e-6), 1));
            start = end;
        }

        return tenths;
    }

    private static double Percentile(List<double> sorted, double share) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
}
