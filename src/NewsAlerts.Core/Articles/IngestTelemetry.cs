using System.Diagnostics;
using System.Diagnostics.Metrics;
using NewsAlerts.Summaries;

namespace NewsAlerts.Articles;

/// <summary>
/// The ingest pipeline's traces and metrics, on the <c>NewsAlerts</c> source and meter: one trace per article
/// (<c>ingest article</c>) with a span per stage, and the articles processed by status and reason, the matches
/// found, and the time of each article and of each stage.
/// </summary>
public sealed class IngestTelemetry
{
    /// <summary>The name of the activity source and meter (<see cref="SummaryMetrics.MeterName"/>).</summary>
    public const string SourceName = SummaryMetrics.MeterName;

    /// <summary>The name of an article's root span.</summary>
    public const string ArticleSpan = "ingest article";

    /// <summary>The stages of processing one article, in order; each is a span named <c>ingest {stage}</c>.</summary>
    public static readonly IReadOnlyList<string> Stages = ["download", "read", "summarize", "match", "story", "persist"];

    private static readonly ActivitySource Source = new(SourceName);

    private readonly Counter<long> _articles;
    private readonly Counter<long> _matches;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _stageDuration;

    /// <summary>Creates the instruments on the <c>NewsAlerts</c> meter.</summary>
    public IngestTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(SourceName);
        _articles = meter.CreateCounter<long>("newsalerts.articles.processed", "{article}", "Articles processed, by status and, for a problem, the kind of reason");
        _matches = meter.CreateCounter<long>("newsalerts.articles.matches", "{match}", "Watchlist matches found");
        _duration = meter.CreateHistogram<double>("newsalerts.articles.duration", "ms", "Time to process one article");
        _stageDuration = meter.CreateHistogram<double>("newsalerts.articles.stage.duration", "ms", "Time of one stage of processing an article");
    }

    /// <summary>Starts an article's trace.</summary>
    public static Activity? StartArticle(string blobName) =>
        Source.StartActivity(ArticleSpan, ActivityKind.Consumer)?.SetTag("newsalerts.article.name", blobName);

    /// <summary>Times one stage: a span, and the stage's histogram when disposed.</summary>
    public StageScope Stage(string stage) => new(this, stage, Source.StartActivity("ingest " + stage));

    /// <summary>Records what processing one article came to and how long it took.</summary>
    public void Record(IngestResult result, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(result);
        var status = result.Status?.ToString().ToLowerInvariant() ?? "gone";
        _articles.Add(1, new("status", status), new("reason", ReasonKind(result.Reason)));
        _matches.Add(result.MatchCount);
        _duration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("status", status));
        Activity.Current?.SetTag("newsalerts.article.status", status).SetTag("newsalerts.article.matches", result.MatchCount);
    }

    // A reason's first two words before its colon name its kind ("too large", "binary content", "invalid JSON",
    // "gave up"): few values, where the whole reason would make a metric series per article.
    private static string ReasonKind(string? reason)
    {
        if (reason is null)
        {
            return "none";
        }

        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        var words = (colon > 0 ? reason[..colon] : reason).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(2)).ToLowerInvariant();
    }

    /// <summary>One stage being timed.</summary>
    public readonly struct StageScope : IDisposable
    {
        private readonly IngestTelemetry _telemetry;
        private readonly string _stage;
        private readonly Activity? _activity;
        private readonly long _started;

        internal StageScope(IngestTelemetry telemetry, string stage, Activity? activity)
        {
            _telemetry = telemetry;
            _stage = stage;
            _activity = activity;
            _started = Stopwatch.GetTimestamp();
        }

        /// <summary>Ends the stage.</summary>
        public void Dispose()
        {
            _telemetry._stageDuration.Record(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, new KeyValuePair<string, object?>("stage", _stage));
            _activity?.Dispose();
        }
    }
}
