using NewsAlerts.Matching;
using NewsAlerts.Stories;
using NewsAlerts.Text;

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

    /// <summary>Which summarizer made the summary.</summary>
    public string? Summarizer { get; init; }

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

/// <summary>An outlet that reported a story, and a link to its report.</summary>
/// <param name="Name">The outlet: the article's source, else its link's host.</param>
/// <param name="Url">Its report, when known.</param>
public sealed record DigestSource(string Name, string? Url = null);

/// <summary>One story in a digest: every matched article about it, shown once.</summary>
public sealed record DigestStory
{
    /// <summary>The story id.</summary>
    public required string StoryId { get; init; }

    /// <summary>The title shown: the best article's.</summary>
    public required string Title { get; init; }

    /// <summary>The summary shown: a model's over an extractive one, then the most relevant article's.</summary>
    public string? Summary { get; init; }

    /// <summary>A link to the article, when known.</summary>
    public string? Url { get; init; }

    /// <summary>Every source that reported it, each with a link to its report.</summary>
    public IReadOnlyList<DigestSource> Sources { get; init; } = [];

    /// <summary>Every watchlist it matched.</summary>
    public IReadOnlyList<string> Watchlists { get; init; } = [];

    /// <summary>Every term found.</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

    /// <summary>Excerpts with the hits marked, from the story's best-scoring match.</summary>
    public IReadOnlyList<MatchSnippet> Snippets { get; init; } = [];

    /// <summary>How many articles the story gathers.</summary>
    public int ArticleCount { get; init; } = 1;

    /// <summary>The best match score among its articles (see <see cref="MatchScore"/>).</summary>
    public double Score { get; init; }

    /// <summary>When its latest article matched.</summary>
    public DateTimeOffset Latest { get; init; }

    /// <summary>
    /// Groups <paramref name="items"/> by story, most relevant first: stories that hit more watchlists,
    /// then with the better match score (title hits weigh more, more distinct terms score higher), then
    /// more terms, then the most recent.
    /// </summary>
    public static IReadOnlyList<DigestStory> Group(IEnumerable<DigestItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items
            .GroupBy(i => i.StoryId, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderBy(i => i.MatchedAt).ThenBy(i => i.ArticleId, StringComparer.Ordinal).ToList();
                var strongest = ordered.OrderByDescending(i => i.Score).First();
                var summarized = ordered.Where(i => !string.IsNullOrEmpty(i.Summary))
                    .OrderByDescending(i => i.Summarizer is not null && i.Summarizer != Summaries.ExtractiveSummarizer.Name)
                    .ThenByDescending(i => i.Score)
                    .FirstOrDefault() ?? strongest;
                var snippets = strongest.Snippets.Count > 0 ? strongest.Snippets
                    : strongest.Snippet is { Length: > 0 } text ? [new MatchSnippet(text, [])] : [];
                return new DigestStory
                {
                    StoryId = g.Key,
                    // Rows stored before text was cleaned on reading, and a model's own words, are cleaned as shown.
                    Title = DisplayText.Line(summarized.Title),
                    Summary = summarized.Summary is null ? null : DisplayText.Block(summarized.Summary),
                    Url = summarized.Url ?? ordered.Select(i => i.Url).FirstOrDefault(u => u is not null),
                    Sources = SourcesOf(ordered),
                    Watchlists = Distinct(ordered.Select(i => i.Watchlist)),
                    Terms = Distinct(ordered.SelectMany(i => i.Terms)),
                    Snippets = snippets,
                    ArticleCount = ordered.Select(i => i.ArticleId).Distinct(StringComparer.Ordinal).Count(),
                    Score = strongest.Score,
                    Latest = ordered[^1].MatchedAt,
                };
            })
            .OrderByDescending(s => s.Watchlists.Count)
            .ThenByDescending(s => s.Score)
            .ThenByDescending(s => s.Terms.Count)
            .ThenByDescending(s => s.Latest)
            .ThenBy(s => s.StoryId, StringComparer.Ordinal)
            .ToList();
    }

    // One entry per outlet (its first report's link); an article with neither source nor link names no outlet.
    private static List<DigestSource> SourcesOf(List<DigestItem> items) => items
        .Select(i => (Name: OutletName(i), i.Url))
        .Where(s => s.Name is not null)
        .GroupBy(s => s.Name!, StringComparer.OrdinalIgnoreCase)
        .Select(g => new DigestSource(g.First().Name!, g.Select(s => s.Url).FirstOrDefault(u => u is not null)))
        .ToList();

    private static string? OutletName(DigestItem item) =>
        !string.IsNullOrWhiteSpace(item.Source) && DisplayText.Line(item.Source) is { Length: > 0 } source ? source
        : Uri.TryCreate(item.Url, UriKind.Absolute, out var url) ? url.Host
        : null;

    /// <summary>
    /// Groups <paramref name="items"/> as <see cref="Group"/> does, a story merged into another (two instances started
    /// one event's story at the same moment) counted as the one it was merged into.
    /// </summary>
    public static async Task<IReadOnlyList<DigestStory>> GroupAsync(IEnumerable<DigestItem> items, StoryAssigner stories, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stories);
        var list = items.ToList();
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, now) in await Task.WhenAll(list.Select(i => i.StoryId).Distinct(StringComparer.Ordinal)
            .Select(async id => (id, await stories.ResolveAsync(id, cancellationToken)))))
        {
            resolved[id] = now;
        }

        return Group(list.Select(i => i with { StoryId = resolved[i.StoryId] }));
    }

    private static List<string> Distinct(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
