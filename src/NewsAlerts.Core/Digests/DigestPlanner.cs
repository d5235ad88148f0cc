using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NewsAlerts.Storage;

namespace NewsAlerts.Digests;

/// <summary>
/// Decides whose digest is due now, each in their own time zone (<see cref="DeliverySchedule"/>), and
/// enqueues one <see cref="DigestRequest"/> per due subscriber, so the sending fans out over
/// queue-triggered workers and the timer never runs long.
/// </summary>
/// <remarks>
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

    /// <summary>Enqueues a digest request for every subscriber due now; returns how many were enqueued.</summary>
    public async Task<int> PlanAsync(CancellationToken cancellationToken = default)
    {
        using var span = DigestTelemetry.StartPlan();
        await _storage.EnsureCreatedAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var due = new List<(StoredSubscriber Subscriber, string Period)>();
        await foreach (var subscriber in _subscribers.ListAsync(cancellationToken))
        {
            var schedule = subscriber.Subscriber.Schedule;
            var dueAt = schedule.LatestDueAt(now);

            // A scheduled period that began before the subscriber existed is not theirs.
            if (schedule.Frequency != DigestFrequency.Immediate && (dueAt is null || dueAt < subscriber.CreatedAt))
            {
                continue;
            }

            var period = schedule.PeriodAt(now);
            if (subscriber.LastPlannedPeriod != period)
            {
                due.Add((subscriber, period));
            }
        }

        var enqueued = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var email = item.Subscriber.Subscriber.Email;
                if (!await _subscribers.ClaimPeriodAsync(item.Subscriber, item.Period, token))
                {
                    _logger.PeriodNotClaimed(item.Period, email);
                    return;
                }

                await _storage.DigestQueue.SendMessageAsync(new DigestRequest(email, item.Period).ToJson(), token);
                enqueued.Add(email);
            });

        // One read of the queue per run, not per digest: what the senders have still to do, this run's included.
        var depth = (await _storage.DigestQueue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        _telemetry.RecordPlanned(enqueued.Count, depth);
        _logger.LogInformation("Planned {DigestCount} digests of {DueCount} due at {Now:u}; {QueueDepth} messages waiting", enqueued.Count, due.Count, now, depth);
        return enqueued.Count;
    }
}
