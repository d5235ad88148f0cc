using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// A watchlist's match of an article, in the <c>Matches</c> table. The partition is the subscriber, so
/// a digest reads exactly one partition; the row key joins article and watchlist, so processing an
/// article again rewrites the same row. The row carries what the digest shows, so the digest reads no
/// other table.
/// </summary>
public sealed class MatchEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Email { get; set; } = string.Empty;

    public string Watchlist { get; set; } = string.Empty;

    public string ArticleId { get; set; } = string.Empty;

    public string ArticleName { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? Summary { get; set; }

    public string? Source { get; set; }

    public string? Url { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public string? StoryId { get; set; }

    public string TermsJson { get; set; } = "[]";

    public string? Snippet { get; set; }

    public DateTimeOffset MatchedAt { get; set; }

    public bool Delivered { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? DigestId { get; set; }

    /// <summary>The row key of <paramref name="watchlist"/>'s match of article <paramref name="articleId"/>.</summary>
    public static string Key(string articleId, string watchlist) => articleId + "~" + TableKeys.Watchlist(watchlist);
}
