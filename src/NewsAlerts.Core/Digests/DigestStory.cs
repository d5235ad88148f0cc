using NewsAlerts.Watchlists;

namespace NewsAlerts.Digests;

/// <summary>A match as the digest sees it: the article and what it matched.</summary>
public sealed record DigestItem
{
    /// <summary>The article's id.</summary>
    public required string ArticleId { get; init; }

    /// <summary>The article's title.</summary>
    public required string Title { get; init; }

    /// <summary>The article's summary.</summary>
    public string? Summary { get; init; }

    /// <summary>Who published it.</summary>
    public string? Source { get; init; }

    /// <summary>Where it was published.</summary>
    public string? Url { get; init; }

    /// <summary>The story it belongs to.</summary>
    public required string StoryId { get; init; }

    /// <summary>The watchlist it matched.</summary>
    public required string Watchlist { get; init; }

    /// <summary>The terms found.</summary>
    public required IReadOnlyList<string> Terms { get; init; }

    /// <summary>The text around the first hit.</summary>
    public string? Snippet { get; init; }

    /// <summary>Excerpts around the hits, with the hits marked.</summary>
    public IReadOnlyList<MatchSnippet> Snippets { get; init; } = [];

    /// <summary>How strongly it matched (see <see cref="MatchScore"/>).</summary>
    public double Score { get; init; }

    /// <summary>When it matched.</summary>
    public DateTimeOffset MatchedAt { get; init; }
}

/// <summary>One story in a digest: every matched article about it, shown once.</summary>
/// <param name="StoryId">The story id.</param>
/// <param name="Title">The title shown.</param>
/// <param name="Summary">The summary shown.</param>
/// <param name="Url">A link to the article, when known.</param>
/// <param name="Sources">Every source that published it.</param>
/// <param name="Watchlists">Every watchlist it matched.</param>
/// <param name="Terms">Every term found.</param>
/// <param name="Snippet">The text around the first hit.</param>
/// <param name="ArticleCount">How many articles the story gathers.</param>
/// <param name="Snippets">Excerpts with the hits marked, from the story's best-scoring match.</param>
public sealed record DigestStory(
    string StoryId,
    string Title,
    string? Summary,
    string? Url,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Watchlists,
    IReadOnlyList<string> Terms,
    string? Snippet,
    int ArticleCount,
    IReadOnlyList<MatchSnippet>? Snippets = null)
{
    /// <summary>
    /// Groups <paramref name="items"/> by story, most relevant first: stories that hit more watchlists,
    /// then more terms, then the most recent.
    /// </summary>
    public static IReadOnlyList<DigestStory> Group(IEnumerable<DigestItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items
            .GroupBy(i => i.StoryId, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderBy(i => i.MatchedAt).ThenBy(i => i.ArticleId, StringComparer.Ordinal).ToList();
                var lead = ordered.FirstOrDefault(i => !string.IsNullOrEmpty(i.Summary)) ?? ordered[0];
                var story = new DigestStory(
                    g.Key,
                    lead.Title,
                    lead.Summary,
                    ordered.Select(i => i.Url).FirstOrDefault(u => u is not null),
                    Distinct(ordered.Select(i => i.Source)),
                    Distinct(ordered.Select(i => i.Watchlist)),
                    Distinct(ordered.SelectMany(i => i.Terms)),
                    lead.Snippet,
                    ordered.Select(i => i.ArticleId).Distinct(StringComparer.Ordinal).Count(),
                    ordered.OrderByDescending(i => i.Score).First().Snippets);
                return (story, latest: ordered[^1].MatchedAt);
            })
            .OrderByDescending(s => s.story.Watchlists.Count)
            .ThenByDescending(s => s.story.Terms.Count)
            .ThenByDescending(s => s.latest)
            .ThenBy(s => s.story.StoryId, StringComparer.Ordinal)
            .Select(s => s.story)
            .ToList();
    }

    private static List<string> Distinct(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
