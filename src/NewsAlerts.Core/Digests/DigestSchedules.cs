using Azure.Data.Tables;
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
public sealed record SubscriberDigests(string Email, DeliverySchedule Schedule, int PendingMatches, DateTimeOffset NextDigestAt, DigestEntity? LastDigest)
{
    /// <summary><see cref="NextDigestAt"/> in the subscriber's own time zone.</summary>
    public DateTimeOffset NextDigestLocal => TimeZoneInfo.ConvertTime(NextDigestAt, TimeZoneInfo.FindSystemTimeZoneById(Schedule.TimeZone));
}

/// <summary>Answers when a subscriber's next digest goes, given their schedule and the planner's UTC schedule.</summary>
public sealed class DigestSchedules
{
    private readonly NewsAlertsStorage _storage;
    private readonly NewsAlertsOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public DigestSchedules(NewsAlertsStorage storage, IOptions<NewsAlertsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _options = options.Value;
        _time = time;
    }

    /// <summary>The digest status of <paramref name="email"/>; null when there is no such subscriber.</summary>
    public async Task<SubscriberDigests?> GetAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        await _storage.EnsureCreatedAsync(cancellationToken);
        var partition = TableKeys.Subscriber(email);
        var found = await _storage.Subscribers.GetEntityIfExistsAsync<SubscriberEntity>(partition, SubscriberEntity.Row, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var subscriber = found.Value!;
        var pending = 0;
        await foreach (var _ in _storage.Matches.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Delivered eq false"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            pending++;
        }

        DigestEntity? last = null;
        await foreach (var digest in _storage.Digests.QueryAsync<DigestEntity>(d => d.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (last is null || digest.ClaimedAt > last.ClaimedAt)
            {
                last = digest;
            }
        }

        var schedule = subscriber.ToSchedule();
        return new SubscriberDigests(subscriber.Email, schedule, pending, NextDigestAt(subscriber, schedule), last);
    }

    /// <summary>
    /// The first planner run at or after the subscriber's next due instant; for immediate digests and for a
    /// period that is due but not yet planned, the next planner run.
    /// </summary>
    private DateTimeOffset NextDigestAt(SubscriberEntity subscriber, DeliverySchedule schedule)
    {
        var now = _time.GetUtcNow();
        var runs = CrontabSchedule.Parse(_options.DigestSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var latest = schedule.LatestDueAt(now);
        var unplanned = latest is { } due && due >= subscriber.CreatedAt && subscriber.LastPlannedPeriod != schedule.PeriodAt(now);
        var from = schedule.Frequency == DigestFrequency.Immediate || unplanned ? now : schedule.NextDueAfter(now)!.Value.AddTicks(-1);
        return new DateTimeOffset(DateTime.SpecifyKind(runs.GetNextOccurrence(from.UtcDateTime), DateTimeKind.Utc));
    }
}
