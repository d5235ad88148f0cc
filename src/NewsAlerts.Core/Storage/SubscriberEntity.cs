using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>A subscriber's row in the <c>Subscribers</c> table, one partition per subscriber; read and written by <see cref="SubscriberStore"/> alone.</summary>
internal sealed class SubscriberEntity : ITableEntity
{
    /// <summary>The row key every subscriber row has.</summary>
    public const string Row = "subscriber";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Email { get; set; } = string.Empty;

    public string TimeZone { get; set; } = "UTC";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary><c>immediate</c>, <c>daily</c> or <c>weekly</c>.</summary>
    public string Frequency { get; set; } = "immediate";

    /// <summary>Local time of daily and weekly digests, <c>HH:mm</c>.</summary>
    public string DeliverAt { get; set; } = "08:00";

    /// <summary>Day of weekly digests, e.g. <c>Monday</c>.</summary>
    public string DeliverDay { get; set; } = nameof(DayOfWeek.Monday);

    /// <summary>The last period a planner enqueued a digest for; its ETag-conditional update is the planner's claim.</summary>
    public string? LastPlannedPeriod { get; set; }
}
