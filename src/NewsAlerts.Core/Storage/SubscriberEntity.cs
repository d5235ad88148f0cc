using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>A subscriber's row in the <c>Subscribers</c> table, one partition per subscriber.</summary>
public sealed class SubscriberEntity : ITableEntity
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
}
