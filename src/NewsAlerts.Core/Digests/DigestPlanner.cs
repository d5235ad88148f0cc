using Microsoft.Extensions.Logging;
using NewsAlerts.Storage;

namespace NewsAlerts.Digests;

/// <summary>What one planner run found among the subscribers due.</summary>
/// <param name="Enqueued">Digest requests enqueued: periods this run claimed.</param>
/// <param name="AlreadyPlanned">Subscribers whose period due now an earlier run planned already.</param>
/// <param name="ClaimedElsewhere">Subscribers whose period another planner claimed first, at the same moment.</param>
public sealed record DigestPlan(int Enqueued, int AlreadyPlanned, int ClaimedElsewhere)
{
    /// <summary>Subscribers with a period due now.</summary>
    public int Due => Enqueued + AlreadyPlanned + ClaimedElsewhere;
}

/// <summary>
/// Decides whose digest is due now, each in their own time zone (<see cref="DeliverySchedule"/>), and
/// enqueues one <see cref="DigestRequest"/> per due subscriber, so the sending fans out over
/// queue-triggered workers and the timer never runs long.
/// </summary>
/// <remarks>
/// Who is due comes from the index of <see cref="SubscriberStore.DueAsync"/>, keyed by the minute each subscriber is
/// due from, so a run reads the subscribers due and not the others; memory holds the keys seen in this run, no more.
/// Each subscriber's period is claimed before it is enqueued, by an ETag-conditional write of
/// <see cref="StoredSubscriber.LastPlannedPeriod"/> (<see cref="SubscriberStore.ClaimPeriodAsync"/>): when two planners run at once, the loser's write
/// fails and it backs off, so a period is enqueued once. A planner that stops between claim and enqueue
/// loses that period's message, not its matches: they stay undelivered and go with the next period.
/// </remarks>
public sealed class DigestPlanner
{
    private readonly NewsAlertsStorage _storage;
    private readonly SubscriberStore _subscribers;
    private readonly DigestTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestPlanner> _logger;

    /// <summary>Creates the planner.</summary>
    public DigestPlanner(NewsAlertsStorage storage, SubscriberStore subscribers, DigestTelemetry telemetry, TimeProvider time, ILogger<DigestPlanner> logger)
    {
        _storage = storage;
        _subscribers = subscribers;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
    }

    /// <summary>Enqueues a digest request for every subscriber due now and says what it found.</summary>
    /// <param name="enqueued">Told the number of requests enqueued so far, as they are.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<DigestPlan> PlanAsync(IProgress<int>? enqueued = null, CancellationToken cancellationToken = default)
    {
        using var span = DigestTelemetry.StartPlan();
        await _storage.EnsureCreatedAsync(cancellationToken);
        await _subscribers.BackfillDueAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var duplicates = new List<DueSubscriber>();
        int planned = 0, already = 0, elsewhere = 0;
        await Parallel.ForEachAsync(
            Once(_subscribers.DueAsync(now, cancellationToken), duplicates),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (row, token) =>
            {
                switch (await PlanAsync(row, now, token))
                {
                    case PlanOutcome.Enqueued:
                        var count = Interlocked.Increment(ref planned);
                        enqueued?.Report(count);
                        break;
                    case PlanOutcome.AlreadyPlanned:
                        Interlocked.Increment(ref already);
                        break;
                    case PlanOutcome.ClaimedElsewhere:
                        Interlocked.Increment(ref elsewhere);
                        break;
                }
            });

        // Deleted once the first row of each is done: that row, or the one it moved to, stays.
        foreach (var duplicate in duplicates)
        {
            await _subscribers.ForgetAsync(duplicate, cancellationToken);
        }

        var plan = new DigestPlan(planned, already, elsewhere);

        // One read of the queue per run, not per digest: what the senders have still to do, this run's included.
        var depth = (await _storage.DigestQueue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        _telemetry.RecordPlanned(plan.Enqueued, depth);
        _logger.LogInformation(
            "Planned {DigestCount} digests of {DueCount} due at {Now:u}; {AlreadyPlanned} planned before, {ClaimedElsewhere} claimed by another planner; {QueueDepth} messages waiting",
            plan.Enqueued, plan.Due, now, plan.AlreadyPlanned, plan.ClaimedElsewhere, depth);
        return plan;
    }

    /// <summary>
    /// Each subscriber's first row, in the index's order; later rows of one subscriber (their settings changed before a
    /// planner moved the old row) go to <paramref name="duplicates"/>. Decided as rows are read, not as they are handled
    /// in parallel, so the row kept is the earliest: the rows it may move to are never one of its duplicates.
    /// </summary>
    private static async IAsyncEnumerable<DueSubscriber> Once(IAsyncEnumerable<DueSubscriber> rows, List<DueSubscriber> duplicates)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in rows)
        {
            if (seen.Add(row.Key))
            {
                yield return row;
            }
            else
            {
                duplicates.Add(row);
            }
        }
    }

    private async Task<PlanOutcome> PlanAsync(DueSubscriber row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await _subscribers.FindAsync(row.Email, cancellationToken) is not { } subscriber)
        {
            await _subscribers.ForgetAsync(row, cancellationToken);
            return PlanOutcome.NotDue;
        }

        var schedule = subscriber.Subscriber.Schedule;
        var dueAt = schedule.LatestDueAt(now);

        // A scheduled period that began before the subscriber existed is not theirs.
        var due = schedule.Frequency == DigestFrequency.Immediate || (dueAt is not null && dueAt >= subscriber.CreatedAt);
        var period = schedule.PeriodAt(now);
        var outcome = PlanOutcome.NotDue;
        if (due && subscriber.LastPlannedPeriod == period)
        {
            outcome = PlanOutcome.AlreadyPlanned;
        }
        else if (due)
        {
            var email = subscriber.Subscriber.Email;
            if (!await _subscribers.ClaimPeriodAsync(subscriber, period, cancellationToken))
            {
                // The planner that claimed it moves the row.
                _logger.PeriodNotClaimed(period, email);
                return PlanOutcome.ClaimedElsewhere;
            }

            await _storage.DigestQueue.SendMessageAsync(new DigestRequest(email, period).ToJson(), cancellationToken);
            subscriber = subscriber with { LastPlannedPeriod = period };
            outcome = PlanOutcome.Enqueued;
        }

        await _subscribers.RescheduleAsync(row, schedule.PlanningDueAt(subscriber.CreatedAt, subscriber.LastPlannedPeriod, now), cancellationToken);
        return outcome;
    }

    private enum PlanOutcome
    {
        NotDue,
        Enqueued,
        AlreadyPlanned,
        ClaimedElsewhere,
    }
}
