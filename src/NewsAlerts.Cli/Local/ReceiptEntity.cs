using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Cli.Local;

/// <summary>
/// The local host's record that it processed a blob at a given ETag, in the <c>Receipts</c> table
/// (partition = container, row = article id). Kept in storage so a restart neither skips nor repeats a blob.
/// </summary>
internal sealed class ReceiptEntity : ITableEntity
{
    /// <summary>The table's name, after <see cref="NewsAlertsOptions.TablePrefix"/>; only the local host has one.</summary>
    public const string TableName = "Receipts";

    // A table property holds 32K characters; the log keeps the whole error.
    private const int MaxErrorLength = 1000;

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

    /// <summary><paramref name="error"/> cut to what <see cref="LastError"/> keeps, never inside a surrogate pair.</summary>
    public static string? Brief(string? error)
    {
        if (error is null || error.Length <= MaxErrorLength)
        {
            return error;
        }

        var cut = char.IsHighSurrogate(error[MaxErrorLength - 1]) ? MaxErrorLength - 1 : MaxErrorLength;
        return error[..cut] + "…";
    }
}
