namespace NewsAlerts.Articles;

/// <summary>What became of an uploaded article.</summary>
public enum ArticleStatus
{
    /// <summary>Read, summarized, matched and stored.</summary>
    Processed,

    /// <summary>Not an article we can read (empty, binary, too large, unparseable); the reason says which.</summary>
    Rejected,

    /// <summary>Processing broke on something other than the content; the reason says what.</summary>
    Failed,
}

/// <summary>One watchlist an article matched, as listed with the article.</summary>
/// <param name="Email">The watchlist owner's email address.</param>
/// <param name="Watchlist">The watchlist's name.</param>
/// <param name="Terms">The terms found.</param>
public sealed record ArticleMatch(string Email, string Watchlist, IReadOnlyList<string> Terms);

/// <summary>An article as stored: what it says, how it was summarized, and who it matched.</summary>
public sealed record Article
{
    /// <summary>Stable id derived from the blob name (<see cref="Storage.TableKeys.ArticleId"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The blob name it was uploaded as.</summary>
    public required string Name { get; init; }

    /// <summary>The title; absent when the upload was rejected before it was read.</summary>
    public string? Title { get; init; }

    /// <summary>What became of the upload.</summary>
    public required ArticleStatus Status { get; init; }

    /// <summary>Why it was rejected or failed.</summary>
    public string? Reason { get; init; }

    /// <summary>The summary.</summary>
    public string? Summary { get; init; }

    /// <summary>Which summarizer made the summary.</summary>
    public string? Summarizer { get; init; }

    /// <summary>Why the summarizer used is not the configured one, when it fell back.</summary>
    public string? SummaryNote { get; init; }

    /// <summary>Key points, when the summarizer gave them.</summary>
    public IReadOnlyList<string> KeyPoints { get; init; } = [];

    /// <summary>People, organizations and places named, when the summarizer found them.</summary>
    public Summaries.SummaryEntities? Entities { get; init; }

    /// <summary>The article's language (ISO 639-1), when the summarizer told.</summary>
    public string? Language { get; init; }

    /// <summary>Model input tokens spent on the summary.</summary>
    public int InputTokens { get; init; }

    /// <summary>Model output tokens spent on the summary.</summary>
    public int OutputTokens { get; init; }

    /// <summary>Who published it.</summary>
    public string? Source { get; init; }

    /// <summary>Where it was published.</summary>
    public string? Url { get; init; }

    /// <summary>When it was published.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>When it was last processed.</summary>
    public DateTimeOffset? ProcessedAt { get; init; }

    /// <summary>The story it belongs to: articles with the same content share one.</summary>
    public string? Story { get; init; }

    /// <summary>How many watchlists it matched.</summary>
    public int MatchCount { get; init; }

    /// <summary>The watchlists it matched (may be cut short for very widely matched articles; see <see cref="MatchCount"/>).</summary>
    public IReadOnlyList<ArticleMatch> Matches { get; init; } = [];
}
