using Microsoft.Extensions.Options;
using NCrontab;
using NewsAlerts.Storage;

namespace NewsAlerts.Digests;

/// <summary>Where a subscriber's digests stand: their schedule, what waits, and when the next digest goes.</summary>
/// <param name="Email">The subscriber.</param>
/// <param name="Schedule">Their delivery schedule.</param>
/// <param name="PendingMatches">Matches not yet delivered.</param>
/// <param name="NextDigestAt">When the next digest run that would send their digest happens (UTC).</param>
/// <param name="LastDigest">Their most recent digest, if any.</param>
public sealed record SubscriberDigests(string Email, DeliverySchedule Schedule, int PendingMatches, DateTimeOffset NextDigestAt, DigestRecord? LastDigest)
{
    /// <summary><see cref="NextDigestAt"/> in the subscriber's own time zone.</summary>
    public DateTimeOffset NextDigestLocal => TimeZoneInfo.ConvertTime(NextDigestAt, TimeZoneInfo.FindSystemTimeZoneById(Schedule.TimeZone));
}

/// <summary>Answers when a subscriber's next digest goes, given their schedule and the planner's UTC schedule.</summary>
public sealed class DigestSchedules
{
    private readonly SubscriberStore _subscribers;
    private readonly MatchStore _matches;
    private readonly DigestStore _digests;
    private readonly NewsAlertsOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public DigestSchedules(SubscriberStore subscribers, MatchStore matches, DigestStore digests, IOptions<NewsAlertsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _subscribers = subscribers;
        _matches = matches;
        _digests = digests;
        _options = options.Value;
        _time = time;
    }

    /// <summary>The digest status of <paramref name="email"/>; null when there is no such subscriber.</summary>
    public async Task<SubscriberDigests?> GetAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        if (await _subscribers.FindAsync(email, cancellationToken) is not { } subscriber)
        {
            return null;
        }

        var pending = await _matches.CountPendingAsync(email, cancellationToken);
        var last = await _digests.LatestAsync(email, cancellationToken);
        var schedule = subscriber.Subscriber.Schedule;
        return new SubscriberDigests(subscriber.Subscriber.Email, schedule, pending, NextDigestAt(subscriber, schedule), last);
    }

    /// <summary>
    /// The first planner run at or after the subscriber's next due instant; for immediate digests and for a
    /// period that is due but not yet planned, the next planner run.
    /// </summary>
    private DateTimeOffset NextDigestAt(StoredSubscriber subscriber, DeliverySchedule schedule)
    {
        var now = _time.GetUtcNow();
        var runs = CrontabSchedule.Parse(_options.DigestSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var latest = schedule.LatestDueAt(now);
        var unplanned = latest is { } due && due >= subscriber.CreatedAt && subscriber.LastPlannedPeriod != schedule.PeriodAt(now);
        var from = schedule.Frequency == DigestFrequency.Immediate || unplanned ? now : schedule.NextDueAfter(now)!.Value.AddTicks(-1);
        return new DateTimeOffset(DateTime.SpecifyKind(runs.GetNextOccurrence(from.UtcDateTime), DateTimeKind.Utc));
    }
}
