using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Storage;

/// <summary>A watchlist's row in the <c>Watchlists</c> table: partition = subscriber, row = watchlist name.</summary>
public sealed class WatchlistEntity : ITableEntity
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

    /// <summary>The domain record of this row.</summary>
    public Watchlist ToWatchlist() => new(
        Email, Name, JsonSerializer.Deserialize<List<string>>(TermsJson) ?? [], string.IsNullOrEmpty(Query) ? null : Query, Stem ?? false);

    /// <summary>The row of <paramref name="watchlist"/>.</summary>
    public static WatchlistEntity From(Watchlist watchlist, DateTimeOffset now) => new()
    {
        PartitionKey = TableKeys.Subscriber(watchlist.Email),
        RowKey = TableKeys.Watchlist(watchlist.Name),
        Email = watchlist.Email,
        Name = watchlist.Name,
        TermsJson = JsonSerializer.Serialize(watchlist.Terms),
        Query = watchlist.Query,
        Stem = watchlist.Stem,
        UpdatedAt = now,
    };
}
