using System.Diagnostics;
using System.Diagnostics.Metrics;
using NewsAlerts.Articles;

namespace NewsAlerts.Digests;

/// <summary>
/// The digests' traces and metrics, on the <c>NewsAlerts</c> source and meter: a <c>plan digests</c> span per planner
/// run and a <c>send digest</c> span per message; digests sent, failed by reason, and enqueued; and the digest queue's
/// depth, read once per planner run (not per digest).
/// </summary>
/// <remarks>No span or metric carries an email address: a digest is named by its period.</remarks>
public sealed class DigestTelemetry
{
    /// <summary>The span of one planner run.</summary>
    public const string PlanSpan = "plan digests";

    /// <summary>The span of sending one digest.</summary>
    public const string SendSpan = "send digest";

    private static readonly ActivitySource Source = new(IngestTelemetry.SourceName);

    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _planned;
    private readonly Histogram<long> _queueDepth;

    /// <summary>Creates the instruments on the <c>NewsAlerts</c> meter.</summary>
    public DigestTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(IngestTelemetry.SourceName);
        _sent = meter.CreateCounter<long>("newsalerts.digests.sent", "{digest}", "Digests sent");
        _failed = meter.CreateCounter<long>("newsalerts.digests.failed", "{digest}", "Digest sends that failed: refused by the mail server for good, or an error left to the queue's retries (each try counts)");
        _planned = meter.CreateCounter<long>("newsalerts.digests.planned", "{digest}", "Digest requests enqueued by the planner");
        _queueDepth = meter.CreateHistogram<long>("newsalerts.digests.queue.depth", "{message}", "Approximate messages waiting on the digest queue, read after each planner run");
    }

    /// <summary>Starts a planner run's span.</summary>
    public static Activity? StartPlan() => Source.StartActivity(PlanSpan);

    /// <summary>Starts the span of sending the digest of <paramref name="digestId"/> (a period, never an address).</summary>
    public static Activity? StartSend(string digestId) =>
        Source.StartActivity(SendSpan, ActivityKind.Consumer)?.SetTag("newsalerts.digest.id", digestId);

    /// <summary>Records what a planner run enqueued and how deep the queue was after it.</summary>
    public void RecordPlanned(int enqueued, int queueDepth)
    {
        _planned.Add(enqueued);
        _queueDepth.Record(queueDepth);

        Activity.Current?.SetTag("newsalerts.digests.planned", enqueued).SetTag("newsalerts.digests.queue.depth", queueDepth);
    }

    /// <summary>Records the outcome of one digest; a sent one counts as sent, a refused one as failed (<c>refused</c>).</summary>
    public void RecordOutcome(DigestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        switch (result.Outcome)
        {
            case DigestOutcome.Sent:
                _sent.Add(1);
                break;
            case DigestOutcome.Refused:
                _failed.Add(1, new KeyValuePair<string, object?>("reason", "refused"));
                Activity.Current?.SetStatus(ActivityStatusCode.Error, "refused");
                break;
        }

        Activity.Current?.SetTag("newsalerts.digest.outcome", result.Outcome.ToString().ToLowerInvariant())
            .SetTag("newsalerts.digest.matches", result.MatchCount)
            .SetTag("newsalerts.digest.stories", result.StoryCount);
    }

    /// <summary>Records a digest whose sending threw: counted as failed (<c>error</c>, with the exception's type), left to the retries.</summary>
    public void RecordFailure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var type = exception.GetType().FullName;
        _failed.Add(1, new KeyValuePair<string, object?>("reason", "error"), new KeyValuePair<string, object?>("error.type", type));
        Activity.Current?.SetStatus(ActivityStatusCode.Error, "error").SetTag("error.type", type);
    }
}
