using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// The local host's record that it processed a blob at a given ETag, in the <c>Receipts</c> table
/// (partition = container, row = article id). Kept in storage so a restart neither skips nor repeats a blob.
/// </summary>
public sealed class ReceiptEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string BlobName { get; set; } = string.Empty;

    /// <summary>The blob ETag the receipt is for; a blob with another ETag changed and is processed again.</summary>
    public string BlobETag { get; set; } = string.Empty;

    /// <summary>Attempts at this ETag that threw; at the limit the blob is given up until it changes.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>Whether this ETag is done with: processed, or given up after too many failures.</summary>
    public bool Done { get; set; }

    public string? LastError { get; set; }
}
