using System.Text.Json;
using Azure.Data.Tables;
using NewsAlerts.Storage;
using NewsAlerts.Stories;

namespace NewsAlerts.Digests;

/// <summary>A subscriber's undelivered matches: what their next digest holds.</summary>
internal static class PendingMatches
{
    /// <summary>The undelivered matches in the subscriber's one partition.</summary>
    public static async Task<List<MatchEntity>> LoadAsync(NewsAlertsStorage storage, string partition, CancellationToken cancellationToken)
    {
        var pending = new List<MatchEntity>();
        await foreach (var match in storage.Matches.QueryAsync<MatchEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Delivered eq false"), cancellationToken: cancellationToken))
        {
            pending.Add(match);
        }

        return pending;
    }

    /// <summary>
    /// The stories of <paramref name="pending"/>, each shown once: a story merged into another (two hosts started
    /// one event's story at the same moment) is shown as the one it was merged into.
    /// </summary>
    public static async Task<IReadOnlyList<DigestStory>> StoriesAsync(List<MatchEntity> pending, StoryAssigner stories, CancellationToken cancellationToken)
    {
        var ids = pending.Select(m => m.StoryId).OfType<string>().Distinct(StringComparer.Ordinal);
        var resolved = (await Task.WhenAll(ids.Select(async id => (Id: id, Now: await stories.ResolveAsync(id, cancellationToken)))))
            .ToDictionary(r => r.Id, r => r.Now, StringComparer.Ordinal);
        return DigestStory.Group(pending.Select(m => ToItem(m) with { StoryId = m.StoryId is { } id ? resolved[id] : m.ArticleId }));
    }

    /// <summary>A match as the digest sees it.</summary>
    public static DigestItem ToItem(MatchEntity match) => new()
    {
        ArticleId = match.ArticleId,
        Title = match.Title,
        Summary = match.Summary,
        Summarizer = match.Summarizer,
        Source = match.Source,
        Url = match.Url,
        StoryId = match.StoryId ?? match.ArticleId,
        Watchlist = match.Watchlist,
        Terms = JsonSerializer.Deserialize<List<string>>(match.TermsJson) ?? [],
        Snippet = match.Snippet,
        Snippets = match.ReadSnippets(),
        Score = match.Score ?? 0,
        MatchedAt = match.MatchedAt,
    };
}
