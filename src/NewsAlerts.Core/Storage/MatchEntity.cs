using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using NewsAlerts.Matching;

namespace NewsAlerts.Storage;

/// <summary>
/// A watchlist's match of an article, in the <c>Matches</c> table. The partition is the subscriber, so
/// a digest reads exactly one partition; the row key joins article and watchlist, so processing an
/// article again rewrites the same row. The row carries what the digest shows, so the digest reads no
/// other table. Read and written by <see cref="MatchStore"/> alone.
/// </summary>
internal sealed class MatchEntity : ITableEntity
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

    public string? Summarizer { get; set; }

    public string? Source { get; set; }

    public string? Url { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public string? StoryId { get; set; }

    public string TermsJson { get; set; } = "[]";

    public string? Snippet { get; set; }

    /// <summary>The match's score (see <see cref="MatchScore"/>); absent on rows older than scores.</summary>
    public double? Score { get; set; }

    /// <summary>The match's snippets with their marks, as JSON bounded to <see cref="MaxSnippetsJsonLength"/>; absent on older rows.</summary>
    public string? SnippetsJson { get; set; }

    public DateTimeOffset MatchedAt { get; set; }

    public bool Delivered { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? DigestId { get; set; }

    /// <summary>Longest <see cref="SnippetsJson"/> written: snippets past it are left out.</summary>
    public const int MaxSnippetsJsonLength = 4000;

    private static readonly JsonSerializerOptions SnippetJson = new(JsonSerializerDefaults.Web);

    /// <summary>The snippets stored on this row; none on older rows.</summary>
    public IReadOnlyList<MatchSnippet> ReadSnippets() =>
        string.IsNullOrEmpty(SnippetsJson) ? [] : JsonSerializer.Deserialize<List<MatchSnippet>>(SnippetsJson, SnippetJson) ?? [];

    /// <summary><paramref name="snippets"/> as stored: as many as fit in <see cref="MaxSnippetsJsonLength"/>.</summary>
    public static string SerializeSnippets(IReadOnlyList<MatchSnippet> snippets)
    {
        ArgumentNullException.ThrowIfNull(snippets);
        for (var count = snippets.Count; count > 0; count--)
        {
            var json = JsonSerializer.Serialize(snippets.Take(count), SnippetJson);
            if (json.Length <= MaxSnippetsJsonLength)
            {
                return json;
            }
        }

        return "[]";
    }

    /// <summary>The row key of <paramref name="watchlist"/>'s match of article <paramref name="articleId"/>.</summary>
    public static string Key(string articleId, string watchlist) => articleId + "~" + TableKeys.Watchlist(watchlist);
}
