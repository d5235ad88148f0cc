using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using NewsAlerts.Digests;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Storage;

/// <summary>A subscriber as stored: their settings, when they subscribed, and the last period a planner claimed for them.</summary>
/// <param name="Subscriber">Who they are and when they want digests.</param>
/// <param name="CreatedAt">When they subscribed: periods that began before are not theirs.</param>
/// <param name="LastPlannedPeriod">The last period a planner enqueued a digest for; null before the first.</param>
public sealed record StoredSubscriber(Subscriber Subscriber, DateTimeOffset CreatedAt, string? LastPlannedPeriod)
{
    /// <summary>The row's ETag when read: a planner's claim of a period is conditional on it.</summary>
    internal ETag ETag { get; init; }
}

/// <summary>
/// The <c>Subscribers</c> table (<see cref="SubscriberEntity"/>, one partition per subscriber): the only code that
/// reads or writes it.
/// </summary>
public sealed class SubscriberStore
{
    private readonly StoreTable _table;

    internal SubscriberStore(StoreTable table) => _table = table;

    /// <summary>The subscriber <paramref name="email"/> (in any case); null when there is none. One point read.</summary>
    public async Task<StoredSubscriber?> FindAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var table = await _table.OpenAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<SubscriberEntity>(TableKeys.Subscriber(email), SubscriberEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? ToStored(row.Value!) : null;
    }

    /// <summary>Every subscriber: a scan of the table, which only the planner and listings need.</summary>
    public async IAsyncEnumerable<StoredSubscriber> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _table.OpenAsync(cancellationToken);
        await foreach (var row in table.QueryAsync<SubscriberEntity>(cancellationToken: cancellationToken))
        {
            yield return ToStored(row);
        }
    }

    /// <summary>
    /// Saves <paramref name="subscriber"/>'s settings, creating their row if new. Merged, so the period a planner
    /// claimed meanwhile stays claimed. One round trip.
    /// </summary>
    /// <param name="subscriber">The subscriber, with their address as first given.</param>
    /// <param name="createdAt">When they subscribed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task SaveAsync(Subscriber subscriber, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var table = await _table.OpenAsync(cancellationToken);
        var row = new TableEntity(TableKeys.Subscriber(subscriber.Email), SubscriberEntity.Row)
        {
            [nameof(SubscriberEntity.Email)] = subscriber.Email,
            [nameof(SubscriberEntity.TimeZone)] = subscriber.TimeZone,
            [nameof(SubscriberEntity.CreatedAt)] = createdAt,
            [nameof(SubscriberEntity.Frequency)] = subscriber.Frequency.ToString().ToLowerInvariant(),
            [nameof(SubscriberEntity.DeliverAt)] = subscriber.At.ToString("HH:mm", CultureInfo.InvariantCulture),
            [nameof(SubscriberEntity.DeliverDay)] = subscriber.Day.ToString(),
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Claims <paramref name="period"/> for <paramref name="subscriber"/>, on the condition that their row is as it was
    /// read: false when another planner claimed it first (or the subscriber is gone). One round trip.
    /// </summary>
    public async Task<bool> ClaimPeriodAsync(StoredSubscriber subscriber, string period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentException.ThrowIfNullOrEmpty(period);
        var table = await _table.OpenAsync(cancellationToken);
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(TableKeys.Subscriber(subscriber.Subscriber.Email), SubscriberEntity.Row) { [nameof(SubscriberEntity.LastPlannedPeriod)] = period },
                subscriber.ETag,
                TableUpdateMode.Merge,
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Removes the subscriber <paramref name="email"/>'s row; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var table = await _table.OpenAsync(cancellationToken);
        // Tables answers a delete of a missing row with 404 and no exception.
        var response = await table.DeleteEntityAsync(TableKeys.Subscriber(email), SubscriberEntity.Row, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    private static StoredSubscriber ToStored(SubscriberEntity row)
    {
        var subscriber = new Subscriber(row.Email, row.TimeZone)
        {
            Frequency = Enum.TryParse<DigestFrequency>(row.Frequency, ignoreCase: true, out var frequency) ? frequency : DigestFrequency.Immediate,
            At = TimeOnly.TryParseExact(row.DeliverAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : DeliverySchedule.DefaultAt,
            Day = Enum.TryParse<DayOfWeek>(row.DeliverDay, ignoreCase: true, out var day) ? day : DayOfWeek.Monday,
        };
        return new StoredSubscriber(subscriber, row.CreatedAt, row.LastPlannedPeriod) { ETag = row.ETag };
    }
}
