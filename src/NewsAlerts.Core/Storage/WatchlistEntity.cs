using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// A watchlist's row in the <c>Watchlists</c> table (partition = subscriber, row = watchlist name), read and written by
/// <see cref="WatchlistStore"/> alone.
/// </summary>
internal sealed class WatchlistEntity : ITableEntity
{
    /// <summary>
    /// The partition of the single row whose ETag changes whenever any watchlist changes, so every host
    /// can tell with one point read whether its compiled matcher is current. No email key starts with '!'.
    /// </summary>
    public const string RevisionPartition = "!catalog";

    /// <summary>The row key of the revision row.</summary>
    public const string RevisionRow = "revision";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Email { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string TermsJson { get; set; } = "[]";

    /// <summary>The watchlist's query; absent on rows that are plain lists of terms (and on rows older than queries).</summary>
    public string? Query { get; set; }

    /// <summary>True to match English inflections; absent (false) on older rows.</summary>
    public bool? Stem { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
