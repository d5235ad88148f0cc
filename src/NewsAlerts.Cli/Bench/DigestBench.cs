using System.Diagnostics;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Local;
using NewsAlerts.Digests;
using NewsAlerts.Matching;
using NewsAlerts.Storage;
using NewsAlerts.Summaries;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Cli.Bench;

/// <summary>What one digest bench run measured.</summary>
/// <param name="Subscribers">Subscribers, all due (immediate digests).</param>
/// <param name="MatchesPerSubscriber">Undelivered matches each.</param>
/// <param name="Seconds">Wall time of the digest run, planning and sending.</param>
/// <param name="DigestsPerSecond">Digests sent per second.</param>
/// <param name="Requests">Storage requests of the run.</param>
/// <param name="RequestsPerSubscriber">The same per subscriber.</param>
/// <param name="RequestsPerSubscriberByKind">The same by method and table or queue.</param>
/// <param name="PeakMemoryMegabytes">The process's largest working set seen during the run (sampled every 100 ms).</param>
/// <param name="PeakLiveHeapMegabytes">The largest managed heap still in use during the run: sampled after a full collection every
/// second, so it counts what the run holds on to, not garbage not yet collected.</param>
/// <param name="StorageCpuMillisecondsPerSubscriber">The private Azurite's CPU time per subscriber; null for other storage.</param>
/// <param name="EmailsWritten">Digest files in the outbox after the run.</param>
/// <param name="Summary">What the run came to, per subscriber.</param>
internal sealed record DigestBenchResult(
    int Subscribers, int MatchesPerSubscriber, double Seconds, double DigestsPerSecond, int Requests, double RequestsPerSubscriber,
    IReadOnlyDictionary<string, double> RequestsPerSubscriberByKind, double PeakMemoryMegabytes, double PeakLiveHeapMegabytes,
    double? StorageCpuMillisecondsPerSubscriber, int EmailsWritten,
    DigestRunSummary Summary);

/// <summary>
/// Runs <c>digest run</c>'s own path (<see cref="DigestRunner"/>: plan, then drain the queue into the outbox) for many
/// subscribers with undelivered matches, stored first through the Core stores in batches, and measures it: wall time,
/// the <see cref="StorageRequestCounter"/>'s round trips, memory sampled while it runs, the emails written.
/// </summary>
internal sealed class DigestBench(SubscriberStore subscribers, MatchStore matches, DigestRunner runner, StorageRequestCounter requests, TimeProvider time)
{
    // One generated article per this many subscribers: its matches are one transaction per subscriber.
    private const int SubscribersPerArticle = 500;

    /// <summary>
    /// Stores <paramref name="count"/> subscribers on immediate digests, each with <paramref name="matchesEach"/> undelivered
    /// matches (one article matching as many of their watchlists), and indexes any stored before, so the run measures the run.
    /// </summary>
    public async Task PrepareAsync(int count, int matchesEach, IProgress<int> stored, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count).Chunk(SubscribersPerArticle),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                await Parallel.ForEachAsync(
                    chunk,
                    new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = token },
                    async (i, inner) => await subscribers.SaveAsync(new Subscriber(Email(i), "UTC"), now, null, now, inner));
                await matches.SaveAsync(Article(chunk, matchesEach, now), token);
                stored.Report(Interlocked.Add(ref done, chunk.Length));
            });
        await subscribers.BackfillDueAsync(cancellationToken);
    }

    /// <summary>Runs the digest for every subscriber and measures it.</summary>
    public async Task<DigestBenchResult> RunAsync(int count, int matchesEach, string outbox, Func<TimeSpan?> storageCpu, IProgress<int> planned, IProgress<DigestResult> handled, CancellationToken cancellationToken)
    {
        requests.Reset();
        var storageBefore = storageCpu();
        using var sampling = new CancellationTokenSource();
        var peaks = SamplePeaksAsync(sampling.Token);
        var clock = Stopwatch.StartNew();
        var run = await runner.RunAsync(planned, handled, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        var (workingSet, live) = await peaks;
        var storage = storageCpu() - storageBefore;
        var perSubscriber = Math.Max(1, count);
        return new DigestBenchResult(
            count,
            matchesEach,
            Math.Round(seconds, 2),
            Math.Round(run.Drain.Sent / seconds, 1),
            requests.Total,
            Math.Round((double)requests.Total / perSubscriber, 2),
            requests.ByKind.ToDictionary(kind => kind.Key, kind => Math.Round((double)kind.Value / perSubscriber, 2), StringComparer.Ordinal),
            Math.Round(workingSet / 1048576.0, 0),
            Math.Round(live / 1048576.0, 0),
            storage is { } used ? Math.Round(used.TotalMilliseconds / perSubscriber, 2) : null,
            Directory.Exists(outbox) ? Directory.EnumerateFiles(outbox, "*.eml").Count() : 0,
            run.Summary);
    }

    private static string Email(int i) => $"reader{i:D6}@bench.example";

    private static ProcessedArticle Article(int[] subscribers, int matchesEach, DateTimeOffset now)
    {
        var name = $"bench-digest-{subscribers[0]:D6}.md";
        var id = TableKeys.ArticleId(name);
        var title = $"Dock workers at Harbourford walk out over pay ({subscribers[0]:D6})";
        return new ProcessedArticle(
            id,
            name,
            new ArticleDocument { Title = title, Body = title, Format = "markdown", Encoding = "utf-8" },
            new Summary { Text = "Dock workers began a strike after pay talks broke down; shipping lines warned of diversions.", Summarizer = "extractive" },
            "s" + id[..20],
            [.. subscribers.SelectMany(i => Enumerable.Range(0, matchesEach).Select(w => new WatchlistMatch(Email(i), $"Watchlist {w:D2}", ["dock workers"], 1.0, [], [])))],
            new BlobVersion("bench", title.Length),
            now);
    }

    /// <summary>
    /// The largest working set (every 100 ms) and live managed heap (every second, after a full collection, which
    /// costs the run a few milliseconds each time) seen until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    private static async Task<(long WorkingSet, long Live)> SamplePeaksAsync(CancellationToken cancellationToken)
    {
        long workingSet = 0, live = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var tick = 0;
        do
        {
            workingSet = Math.Max(workingSet, Environment.WorkingSet);
            if (tick++ % 10 == 0)
            {
                live = Math.Max(live, GC.GetTotalMemory(forceFullCollection: true));
            }
        }
        while (await WaitAsync(timer, cancellationToken));

        return (workingSet, Math.Max(live, GC.GetTotalMemory(forceFullCollection: true)));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
