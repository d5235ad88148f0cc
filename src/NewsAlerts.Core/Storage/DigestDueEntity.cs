using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// A row of the <c>DigestsDue</c> table, the planner's index of who is due when, read and written by
/// <see cref="SubscriberStore"/> alone: partition = the minute a planner has to look at the subscriber from
/// (<c>yyyyMMddHHmm</c>, UTC; <see cref="Immediate"/> for subscribers due at every run), row = subscriber key.
/// </summary>
internal sealed class DigestDueEntity : ITableEntity
{
    /// <summary>The partition of immediate subscribers: before every minute, so every run reads it.</summary>
    public const string Immediate = "000000000000";

    /// <summary>The partition of the row that says the index holds every subscriber stored before it existed; after every minute.</summary>
    public const string BackfillPartition = "~backfill";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The subscriber's address, to find their row.</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>The partition of a subscriber due from <paramref name="at"/>; null means at every run.</summary>
    public static string Partition(DateTimeOffset? at) =>
        at is { } due ? due.UtcDateTime.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture) : Immediate;
}
