using System.Collections.Concurrent;
using System.Collections.Immutable;
using NewsAlerts.Storage;

namespace NewsAlerts.Stories;

/// <summary>
/// The story term index as one instance sees it: <see cref="StoryStore"/>'s <c>StoryTerms</c> rows, each term's
/// read kept for <see cref="StoryAssigner.CacheLifetime"/> and updated with the rows this instance writes itself.
/// Articles of one story share their heaviest terms, so most lookups are answered without a query.
/// </summary>
/// <remarks>
/// A story another instance started after this one read a term is missed until the read expires; the article
/// then starts a story of its own, whose second look goes to storage (<see cref="FreshAsync"/>) and merges the two.
/// Memory is bounded: past <see cref="MaxTerms"/> terms the oldest half is dropped.
/// </remarks>
internal sealed class StoryTermIndex(StoryStore store, TimeSpan reach, TimeProvider time)
{
    /// <summary>Most terms kept in memory.</summary>
    public const int MaxTerms = 50_000;

    private readonly ConcurrentDictionary<string, Entry> _terms = new(StringComparer.Ordinal);

    /// <summary>
    /// The stories indexed by each of <paramref name="terms"/> active at or after <paramref name="since"/>: from
    /// memory where this instance read the term recently for a window reaching back as far, else one query each
    /// reaching <c>reach</c> further back.
    /// </summary>
    public async Task<IReadOnlyList<(string Term, string Story)>> FindAsync(IReadOnlyList<string> terms, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hits = new List<(string Term, string Story)>();
        var unknown = new List<string>();
        foreach (var term in terms)
        {
            if (_terms.TryGetValue(term, out var entry) && now - entry.ReadAt < StoryAssigner.CacheLifetime && entry.Since <= since)
            {
                hits.AddRange(entry.Stories.Where(story => story.Value >= since).Select(story => (term, story.Key)));
            }
            else
            {
                unknown.Add(term);
            }
        }

        if (unknown.Count > 0)
        {
            // Read further back than asked: articles arrive out of order, and a later one's window starts earlier.
            var rows = await store.FindAsync(unknown, since - reach, cancellationToken);
            var byTerm = rows.ToLookup(hit => hit.Term, StringComparer.Ordinal);
            Trim();
            foreach (var term in unknown)
            {
                // Rows this instance wrote while the query ran stay known: index rows are only ever added or moved on.
                var read = new Entry(now, since - reach, byTerm[term].ToImmutableDictionary(hit => hit.Story, hit => hit.Latest, StringComparer.Ordinal));
                _terms.AddOrUpdate(term, static (_, read) => read, static (_, known, read) => read with { Stories = Union(known.Stories, read.Stories) }, read);
            }

            hits.AddRange(rows.Where(hit => hit.Latest >= since).Select(hit => (hit.Term, hit.Story)));
        }

        return hits;
    }

    /// <summary>The same, always from storage: for the second look after starting a story, which must see other instances' writes.</summary>
    public async Task<IReadOnlyList<(string Term, string Story)>> FreshAsync(IReadOnlyList<string> terms, DateTimeOffset since, CancellationToken cancellationToken) =>
        [.. (await store.FindAsync(terms, since, cancellationToken)).Select(hit => (hit.Term, hit.Story))];

    /// <summary>Writes <paramref name="story"/>'s index rows for <paramref name="terms"/> and adds them to what this instance knows.</summary>
    public async Task IndexAsync(string story, StoryCentroid centroid, IReadOnlyCollection<string> terms, CancellationToken cancellationToken)
    {
        await store.IndexAsync(story, centroid, terms, cancellationToken);
        foreach (var term in terms)
        {
            while (_terms.TryGetValue(term, out var entry) && !_terms.TryUpdate(term, entry with { Stories = entry.Stories.SetItem(story, centroid.Latest) }, entry))
            {
            }
        }
    }

    private static ImmutableDictionary<string, DateTimeOffset> Union(ImmutableDictionary<string, DateTimeOffset> known, ImmutableDictionary<string, DateTimeOffset> read) =>
        known.Aggregate(read, static (union, story) => union.TryGetValue(story.Key, out var latest) && latest >= story.Value ? union : union.SetItem(story.Key, story.Value));

    private void Trim()
    {
        if (_terms.Count < MaxTerms)
        {
            return;
        }

        foreach (var old in _terms.OrderBy(t => t.Value.ReadAt).Take(MaxTerms / 2).Select(t => t.Key).ToList())
        {
            _terms.TryRemove(old, out _);
        }
    }

    private sealed record Entry(DateTimeOffset ReadAt, DateTimeOffset Since, ImmutableDictionary<string, DateTimeOffset> Stories);
}
