using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;
using NewsAlerts.Matching;

namespace NewsAlerts.Benchmarks.Matching;

/// <summary>
/// The matching benchmarks' job and columns: three launches of 30 warm-up and 40 measured iterations of 50 ms,
/// without a forced full collection before each; MB/s, matches per article, the median and minimum beside the
/// mean, and each median and mean over the same benchmark's at 1,000 terms. Why so: other tenants of this shared
/// 2-core machine slow it down in bursts of a second or so, most at 100,000 terms, whose tables live in the
/// caches they share (one launch measured 94 µs where the next measured 55 µs). Half-second iterations each took
/// in part of a burst; many short ones leave most clear of them, and their median is the engine's own time. The
/// runtime's tiered compilation needs about a second to settle (the first iterations run 80 µs at 100,000
/// terms), hence the warm-up; a full collection before an iteration evicts the matcher from the caches, which
/// steady matching never does, hence no forced one (the run's own collections are measured).
/// </summary>
public sealed class MatchingConfig : ManualConfig
{
    /// <summary>The job every matching benchmark runs with.</summary>
    public static Job Job { get; } = Job.Default.WithId("Matching")
        .WithLaunchCount(3).WithWarmupCount(30).WithIterationCount(40).WithIterationTime(TimeInterval.FromMilliseconds(50))
        .WithGcForce(false);

    public MatchingConfig()
    {
        AddJob(Job);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        AddColumn(new ThroughputColumn(), new MatchesPerArticleColumn());
        AddColumn(new OverThousandTermsColumn(median: true), new OverThousandTermsColumn(median: false));
    }
}

/// <summary>
/// The baselines' job: one launch, 1 warm-up and 3 measured operations of one invocation each (an
/// operation of the regex at 100,000 terms takes half a minute), MB/s and matches per article.
/// </summary>
public sealed class MatchingBaselineConfig : ManualConfig
{
    public MatchingBaselineConfig()
    {
        AddJob(Job.Default.WithId("Baselines").WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithInvocationCount(1).WithUnrollFactor(1));
        AddColumn(new ThroughputColumn(), new MatchesPerArticleColumn());
    }
}

/// <summary>The build benchmark's job and column: three launches of 3 warm-up and 10 measured builds, and the memory a compiled matcher keeps.</summary>
public sealed class MatcherBuildConfig : ManualConfig
{
    public MatcherBuildConfig()
    {
        AddJob(Job.Default.WithId("Build").WithLaunchCount(3).WithWarmupCount(3).WithIterationCount(10));
        AddColumn(new RetainedMemoryColumn(perTenThousand: false), new RetainedMemoryColumn(perTenThousand: true));
    }
}

/// <summary>Column base: values computed in the host process from the case's <c>Terms</c> parameter.</summary>
public abstract class TermsColumn : IColumn
{
    public abstract string Id { get; }

    public abstract string ColumnName { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public abstract string Legend { get; }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public abstract string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    protected static int Terms(BenchmarkCase benchmarkCase) => (int)benchmarkCase.Parameters["Terms"];
}

/// <summary>Megabytes of article text (UTF-8) per second on one core.</summary>
public sealed class ThroughputColumn : TermsColumn
{
    public override string Id => "Throughput";

    public override string ColumnName => "MB/s";

    public override string Legend => "Article text (UTF-8 bytes of title and body) processed per second on one core";

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics)
        {
            return "NA";
        }

        var articles = benchmarkCase.Descriptor.Type == typeof(MatchingBaselineBenchmarks) ? MatchingBaselineBenchmarks.Articles : MatchingCorpus.ArticleCount;
        var megabytesPerSecond = MatchingCorpus.Instance.AverageBytesOf(articles) / statistics.Mean * 1e9 / 1e6;
        return megabytesPerSecond.ToString(megabytesPerSecond < 1 ? "0.000" : "0.0", CultureInfo.InvariantCulture);
    }
}

/// <summary>How many watchlists the engine matches per article at this size (computed once in the host).</summary>
public sealed class MatchesPerArticleColumn : TermsColumn
{
    private static readonly ConcurrentDictionary<int, string> Cache = new();

    public override string Id => "MatchesPerArticle";

    public override string ColumnName => "Matches/article";

    public override string Legend => "Watchlists (of 10 terms) an article matches on average, and terms found per article";

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Cache.GetOrAdd(Terms(benchmarkCase), terms =>
        {
            var matcher = WatchlistMatcher.Compile(MatchingCorpus.Watchlists(terms));
            var articles = MatchingCorpus.Instance.Articles;
            var matches = articles.Select(a => matcher.Match(a.Title, a.Body)).ToList();
            var watchlists = matches.Average(m => m.Count);
            var found = matches.Average(m => m.Sum(w => w.Terms.Count));
            return string.Create(CultureInfo.InvariantCulture, $"{watchlists:0.0} ({found:0.0} terms)");
        });
}

/// <summary>
/// The benchmark's time over its own at 1,000 terms, by median or mean: how flat it is in the number of terms
/// (the goal: 100,000 terms within 1.5× of 1,000).
/// </summary>
public sealed class OverThousandTermsColumn(bool median) : TermsColumn
{
    public override string Id => median ? "MedianOver1k" : "MeanOver1k";

    public override string ColumnName => median ? "Median/1k terms" : "Mean/1k terms";

    public override string Legend => $"The {(median ? "median" : "mean")} over the same benchmark's {(median ? "median" : "mean")} at 1,000 terms";

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var thousand = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor == benchmarkCase.Descriptor && Terms(c) == 1_000);
        if (thousand is null || summary[benchmarkCase]?.ResultStatistics is not { } statistics || summary[thousand]?.ResultStatistics is not { } baseline)
        {
            return "NA";
        }

        var ratio = median ? statistics.Median / baseline.Median : statistics.Mean / baseline.Mean;
        return ratio.ToString("0.00", CultureInfo.InvariantCulture);
    }
}

/// <summary>Managed memory a compiled matcher keeps (GC.GetTotalMemory before and after compiling, in the host).</summary>
public sealed class RetainedMemoryColumn(bool perTenThousand) : TermsColumn
{
    private static readonly ConcurrentDictionary<int, long> Cache = new();

    public override string Id => perTenThousand ? "RetainedPer10k" : "Retained";

    public override string ColumnName => perTenThousand ? "Retained/10k terms" : "Retained";

    public override string Legend => "Managed memory the compiled matcher keeps alive" + (perTenThousand ? ", per 10,000 terms" : string.Empty);

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var terms = Terms(benchmarkCase);
        var bytes = Cache.GetOrAdd(terms, Measure);
        var shown = perTenThousand ? bytes * 10_000.0 / terms : bytes;
        return (shown / (1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " MB";
    }

    private static long Measure(int terms)
    {
        var watchlists = MatchingCorpus.Watchlists(terms);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var matcher = WatchlistMatcher.Compile(watchlists);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(matcher);
        GC.KeepAlive(watchlists);
        return after - before;
    }
}
