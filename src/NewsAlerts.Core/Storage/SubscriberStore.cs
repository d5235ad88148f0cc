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

/// <summary>A subscriber's row in the planner's index: who (<see cref="Email"/>) is due from the minute of <see cref="Partition"/>.</summary>
/// <param name="Email">The subscriber.</param>
/// <param name="Partition">The row's partition: the minute they are due from.</param>
public sealed record DueSubscriber(string Email, string Partition)
{
    /// <summary>The subscriber's key, the row's key.</summary>
    public string Key => TableKeys.Subscriber(Email);

    /// <summary>The row's ETag when read: it is deleted only as it was, so a save that wrote it again meanwhile stands.</summary>
    internal ETag ETag { get; init; }
}

/// <summary>
/// The <c>Subscribers</c> table (<see cref="SubscriberEntity"/>, one partition per subscriber) and the planner's index of
/// who is due when, <c>DigestsDue</c> (<see cref="DigestDueEntity"/>): the only code that reads or writes them.
/// </summary>
/// <remarks>
/// The index may hold a row too early or twice, never too late or none: every save writes the subscriber's row there
/// before their settings, and a planner writes the next row before it deletes the one it read. A planner that reads a
/// row too early finds the subscriber not due and moves the row; one of someone gone, deletes it.
/// </remarks>
public sealed class SubscriberStore
{
    private const int MaxBatch = 100;
    private readonly StoreTable _table;
    private readonly StoreTable _due;
    private volatile bool _backfilled;

    internal SubscriberStore(StoreTable table, StoreTable due)
    {
        _table = table;
        _due = due;
    }

    /// <summary>The subscriber <paramref name="email"/> (in any case); null when there is none. One point read.</summary>
    public async Task<StoredSubscriber?> FindAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var table = await _table.OpenAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<SubscriberEntity>(TableKeys.Subscriber(email), SubscriberEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? ToStored(row.Value!) : null;
    }

    /// <summary>Every subscriber: a scan of the table, which only listings need (the planner reads <see cref="DueAsync"/>).</summary>
    public async IAsyncEnumerable<StoredSubscriber> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _table.OpenAsync(cancellationToken);
        await foreach (var row in table.QueryAsync<SubscriberEntity>(cancellationToken: cancellationToken))
        {
            yield return ToStored(row);
        }
    }

    /// <summary>
    /// Saves <paramref name="subscriber"/>'s settings, creating their row if new, and indexes when a planner has to look
    /// at them (<see cref="DeliverySchedule.PlanningDueAt"/>). Merged, so the period a planner claimed meanwhile stays
    /// claimed. Two round trips, the index first: a crash between the two leaves a row to look at, never a subscriber
    /// no planner finds. A row the index held for their previous settings goes when a planner reaches it.
    /// </summary>
    /// <param name="subscriber">The subscriber, with their address as first given.</param>
    /// <param name="createdAt">When they subscribed.</param>
    /// <param name="lastPlannedPeriod">The last period planned for them, if any.</param>
    /// <param name="now">Now.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task SaveAsync(Subscriber subscriber, DateTimeOffset createdAt, string? lastPlannedPeriod, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var due = await _due.OpenAsync(cancellationToken);
        await due.UpsertEntityAsync(
            DueRow(subscriber.Email, DigestDueEntity.Partition(subscriber.Schedule.PlanningDueAt(createdAt, lastPlannedPeriod, now))),
            TableUpdateMode.Replace,
            cancellationToken);
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

    /// <summary>
    /// The index rows of subscribers due at <paramref name="now"/>: one query of the partitions up to its minute, read a
    /// page at a time, so what a run reads grows with who is due, not with who is subscribed.
    /// </summary>
    public async IAsyncEnumerable<DueSubscriber> DueAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var due = await _due.OpenAsync(cancellationToken);
        var until = DigestDueEntity.Partition(now);
        await foreach (var row in due.QueryAsync<DigestDueEntity>(TableClient.CreateQueryFilter($"PartitionKey le {until}"), cancellationToken: cancellationToken))
        {
            yield return new DueSubscriber(row.Email, row.PartitionKey) { ETag = row.ETag };
        }
    }

    /// <summary>
    /// Moves <paramref name="row"/> to when a planner has to look at the subscriber next (null: at every run), writing
    /// the new row before deleting the old one. Nothing when it is there already. Two round trips when it moves.
    /// </summary>
    public async Task RescheduleAsync(DueSubscriber row, DateTimeOffset? next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var partition = DigestDueEntity.Partition(next);
        if (partition == row.Partition)
        {
            return;
        }

        var due = await _due.OpenAsync(cancellationToken);
        await due.UpsertEntityAsync(DueRow(row.Email, partition), TableUpdateMode.Replace, cancellationToken);
        await ForgetAsync(row, cancellationToken);
    }

    /// <summary>
    /// Deletes <paramref name="row"/> from the index (the subscriber is gone, or has another row) unless a save wrote it
    /// again since it was read. One round trip.
    /// </summary>
    public async Task ForgetAsync(DueSubscriber row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var due = await _due.OpenAsync(cancellationToken);
        try
        {
            await due.DeleteEntityAsync(row.Partition, row.Key, row.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Gone already (another planner moved it), or written again by a save: then it says when to look now.
        }
    }

    /// <summary>
    /// Indexes, once per storage account, the subscribers stored before the index existed: each gets a row in the
    /// immediate partition, which the next planner run reads and moves to when they are due, then a row marks the
    /// index complete. Idempotent (upserts), so two hosts doing it at once or a crash half-way does no harm. After
    /// the first call in a process, free; before it, one point read, plus a scan of <c>Subscribers</c> the first time.
    /// </summary>
    public async Task BackfillDueAsync(CancellationToken cancellationToken = default)
    {
        if (_backfilled)
        {
            return;
        }

        var due = await _due.OpenAsync(cancellationToken);
        if (!(await due.GetEntityIfExistsAsync<TableEntity>(DigestDueEntity.BackfillPartition, DigestDueEntity.BackfillPartition, cancellationToken: cancellationToken)).HasValue)
        {
            var table = await _table.OpenAsync(cancellationToken);
            var batch = new List<TableTransactionAction>(MaxBatch);
            await foreach (var row in table.QueryAsync<SubscriberEntity>(select: [nameof(SubscriberEntity.Email)], cancellationToken: cancellationToken))
            {
                batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, DueRow(row.Email, DigestDueEntity.Immediate)));
                if (batch.Count == MaxBatch)
                {
                    await due.SubmitTransactionAsync(batch, cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await due.SubmitTransactionAsync(batch, cancellationToken);
            }

            await due.UpsertEntityAsync(new TableEntity(DigestDueEntity.BackfillPartition, DigestDueEntity.BackfillPartition), TableUpdateMode.Replace, cancellationToken);
        }

        _backfilled = true;
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

    private static DigestDueEntity DueRow(string email, string partition) => new() { PartitionKey = partition, RowKey = TableKeys.Subscriber(email), Email = email };

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
