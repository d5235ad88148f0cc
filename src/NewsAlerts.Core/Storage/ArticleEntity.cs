using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// An article's row in the <c>Articles</c> table, read and written by <see cref="ArticleStore"/> alone: one partition per
/// article, keyed by <see cref="TableKeys.ArticleId"/>, which also holds <see cref="MatchStore"/>'s list of the article's
/// match rows (<see cref="MatchIndexEntity"/>).
/// </summary>
internal sealed class ArticleEntity : ITableEntity
{
    /// <summary>The row key every article row has.</summary>
    public const string Row = "article";

    /// <summary>Longest JSON list of matches stored on the row; past it only <see cref="MatchCount"/> is exact.</summary>
    public const int MaxMatchesJsonLength = 30_000;

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string? StatusReason { get; set; }

    public string? Title { get; set; }

    public string? Source { get; set; }

    public string? Url { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public string? Format { get; set; }

    public string? Encoding { get; set; }

    public string? Summary { get; set; }

    public string? Summarizer { get; set; }

    public string? SummaryNote { get; set; }

    public string? KeyPointsJson { get; set; }

    public string? EntitiesJson { get; set; }

    public string? Language { get; set; }

    public int InputTokens { get; set; }

    public int OutputTokens { get; set; }

    public string? StoryId { get; set; }

    public string? BlobETag { get; set; }

    public long Bytes { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    public int MatchCount { get; set; }

    /// <summary>
    /// JSON array of <see cref="Articles.ArticleMatch"/> for display, bounded by <see cref="MaxMatchesJsonLength"/>; never
    /// read back to find match rows, which <see cref="MatchIndexEntity"/> lists in full.
    /// </summary>
    public string? MatchesJson { get; set; }
}
