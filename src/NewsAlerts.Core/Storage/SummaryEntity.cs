using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// A model summary kept by normalized-content hash in the <c>Summaries</c> table (partition = the hash's
/// first two hex digits, row = the hash), so the same content is never sent to the model twice. Read and written by
/// <see cref="SummaryStore"/> alone.
/// </summary>
internal sealed class SummaryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Text { get; set; } = string.Empty;

    public string Summarizer { get; set; } = string.Empty;

    public string? Note { get; set; }

    public string KeyPointsJson { get; set; } = "[]";

    public string? EntitiesJson { get; set; }

    public string? Language { get; set; }

    public int InputTokens { get; set; }

    public int OutputTokens { get; set; }
}
