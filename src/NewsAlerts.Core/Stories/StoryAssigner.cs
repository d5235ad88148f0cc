using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsAlerts.Storage;

namespace NewsAlerts.Stories;

/// <summary>
/// Puts each article into the story of the event it reports, whoever wrote it and in whatever words: its
/// <see cref="StoryVector"/> joins the most alike open story (<see cref="StoryRule"/>), found through the story
/// term index by the article's heaviest terms, or starts one. Measured by <c>newsalerts eval stories</c> (README).
/// </summary>
/// <remarks>
/// No instance-wide lock: every change to a story is conditional on its ETag and retried on conflict, and only
/// articles joining the same story on one instance wait for each other. Memory is bounded whatever the window: the
/// document frequencies, the recently read stories and the recently read terms (<see cref="StoryTermIndex"/>) have
/// fixed limits, and a host reads only the candidate stories an article's terms point to. Two hosts
/// that start a story for one event at the same moment both look again after writing theirs, and the one that sees
/// the other merges the two into the lower id (<see cref="StoryStore.MarkMergedAsync"/>); readers follow the merge
/// (<see cref="ResolveAsync"/>), so the digest shows one story.
/// </remarks>
public sealed class StoryAssigner
{
    /// <summary>How long a story read from storage is used without reading it again.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    /// <summary>Most stories kept in memory.</summary>
    public const int MaxCachedStories = 10_000;

    private const int MaxAttempts = 5;

    /// <summary>
    /// Terms of the second look for a rival story started at the same moment: the article's heaviest only, which
    /// reports of one event share, since each term looked up is a query.
    /// </summary>
    public const int RivalLookupTerms = 4;

    private readonly StoryStore _store;
    private readonly StoryTermIndex _index;
    private readonly DocumentFrequencies _frequencies;
    private readonly StoryRule _rule;
    // The term index carries each story's latest time for the window filter. Rewriting a story's index rows each time
    // that time moves would cost a write per row per article, so they are rewritten only when it has moved a quarter
    // of the window, and the filter reaches back that much further: no open story is missed, and a story closed less
    // than that long ago is read and then left out by the rule.
    private readonly TimeSpan _indexRefresh;
    private readonly TimeProvider _time;
    private readonly ILogger<StoryAssigner> _logger;
    private readonly ConcurrentDictionary<string, (StoredStory Story, DateTimeOffset ReadAt)> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim[] _joinGates = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly SemaphoreSlim[] _startGates = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Creates the assigner.</summary>
    public StoryAssigner(StoryStore store, DocumentFrequencies frequencies, IOptions<StoriesOptions> options, TimeProvider time, ILogger<StoryAssigner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _frequencies = frequencies;
        _rule = options.Value.Rule;
        _indexRefresh = _rule.Window / 4;
        _index = new StoryTermIndex(store, _indexRefresh, time);
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The story of article <paramref name="articleId"/>, published at <paramref name="at"/>. An article processed
    /// before keeps the story it had (<paramref name="previousStory"/>, as merged since), so story ids are stable.
    /// </summary>
    public async Task<string> AssignAsync(string articleId, string title, string body, DateTimeOffset at, string? previousStory = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(articleId);
        if (previousStory is not null)
        {
            return await ResolveAsync(previousStory, cancellationToken);
        }

        var vector = StoryVector.Of(title, body, _frequencies);
        var own = "s" + articleId[..Math.Min(20, articleId.Length)];
        if (vector.IsEmpty)
        {
            return own;
        }

        for (var attempt = 1; ; attempt++)
        {
            var best = await BestAsync(vector, at, cancellationToken);
            var joined = best is { } story
                ? await JoinInTurnAsync(story, vector, at, cancellationToken)
                : await StartInTurnAsync(own, vector, at, cancellationToken);
            if (joined is not null)
            {
                return joined;
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"story of {articleId}: another host changed its candidate story {MaxAttempts} times in a row");
            }
        }
    }

    /// <summary>The story <paramref name="id"/> stands for now: itself, or the story it was merged into.</summary>
    /// <remarks>Read from storage, not the cache: another host may have merged the story a moment ago.</remarks>
    public async Task<string> ResolveAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        for (var hop = 0; hop < 4; hop++)
        {
            var story = await _store.ReadAsync(id, cancellationToken);
            if (story?.MergedInto is not { } into)
            {
                return id;
            }

            id = into;
        }

        return id;
    }

    // The open story most alike, found through the term index as this instance knows it.
    private async Task<StoredStory?> BestAsync(StoryVector vector, DateTimeOffset at, CancellationToken cancellationToken) =>
        await BestOfAsync(vector, at, await _index.FindAsync(vector.KeyTerms(StoryVector.LookupTerms), Since(at), cancellationToken), cancellationToken);

    // The second look after starting story own, for a rival another instance started at the same moment: from storage,
    // since it must see other instances' writes, and by the heaviest terms only, since each is a query.
    private async Task<StoredStory?> RivalAsync(StoryVector vector, DateTimeOffset at, string own, CancellationToken cancellationToken)
    {
        var hits = await _index.FreshAsync(vector.KeyTerms(RivalLookupTerms), Since(at), cancellationToken);
        return await BestOfAsync(vector, at, hits.Where(hit => hit.Story != own), cancellationToken);
    }

    // Index rows are rewritten only when their time has moved a quarter window, so the lookup reaches that much further back.
    private DateTimeOffset Since(DateTimeOffset at) => at - _rule.Window - _indexRefresh;

    private async Task<StoredStory?> BestOfAsync(StoryVector vector, DateTimeOffset at, IEnumerable<(string Term, string Story)> hits, CancellationToken cancellationToken)
    {
        var ids = vector.Candidates(hits);
        var stories = await Task.WhenAll(ids.Select(id => ReadAsync(id, cancellationToken)));
        var open = stories.OfType<StoredStory>().Where(s => s.MergedInto is null).ToDictionary(s => s.Id, StringComparer.Ordinal);
        return _rule.Best(vector, at, open.Values.Select(s => (s.Id, s.Centroid))) is { } best ? open[best.Key] : null;
    }

    // Articles of one busy story on one instance join it in turn, each from the version the one before saved:
    // optimistic writes alone would have them overwrite each other's ETag and retry until they give up. The gate
    // is one of a fixed set, by story id, so other stories go on meanwhile and memory stays bounded.
    private async Task<string?> JoinInTurnAsync(StoredStory story, StoryVector vector, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var gate = Gate(_joinGates, story.Id);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var latest = _cache.TryGetValue(story.Id, out var cached) ? cached.Story : story;
            return latest.MergedInto is null ? await JoinAsync(latest, vector, at, cancellationToken) : null;
        }
        finally
        {
            gate.Release();
        }
    }

    // Reports of one event that arrive together on one instance would each start a story, to be merged after. They
    // share their heaviest term (the event's place or name), so those wait for each other by it and look once more:
    // the story the first one started is then in memory, and the rest join it. Other events start meanwhile.
    private async Task<string?> StartInTurnAsync(string id, StoryVector vector, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var gate = Gate(_startGates, vector.KeyTerms(1)[0]);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await BestAsync(vector, at, cancellationToken) is { } story
                ? await JoinInTurnAsync(story, vector, at, cancellationToken)
                : await StartAsync(id, vector, at, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    // FNV-1a, not string.GetHashCode: the same keys share a gate in every process, so whether two keys wait for each
    // other does not change from run to run.
    private static SemaphoreSlim Gate(SemaphoreSlim[] gates, string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return gates[(int)(hash % (uint)gates.Length)];
    }

    private async Task<string?> JoinAsync(StoredStory story, StoryVector vector, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var centroid = story.Centroid.Add(vector, at);
        var keyTerms = centroid.KeyTerms();
        // Index rows go first: a crash before the story is saved leaves rows that point at it (harmless), never a
        // story its terms do not find. Only new key terms are written, unless the rows' times are due a refresh.
        var refresh = centroid.Latest - story.IndexedLatest > _indexRefresh;
        var terms = refresh ? keyTerms : [.. keyTerms.Except(story.KeyTerms, StringComparer.Ordinal)];
        if (terms.Count > 0)
        {
            await _index.IndexAsync(story.Id, centroid, terms, cancellationToken);
        }

        var saved = await _store.ReplaceAsync(story, centroid, refresh, cancellationToken);
        if (saved is null)
        {
            _cache.TryRemove(story.Id, out _);
            return null;
        }

        Remember(saved);
        return saved.Id;
    }

    private async Task<string?> StartAsync(string id, StoryVector vector, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var centroid = StoryCentroid.Of(vector, at);
        var created = await _store.CreateAsync(id, centroid, cancellationToken);
        if (created is null)
        {
            // The story named after this article exists: an earlier try of this article started it and stopped
            // before its article row was saved, perhaps before the index rows were. The article is in it already.
            _cache.TryRemove(id, out _);
            if (await ReadAsync(id, cancellationToken) is not { } existing)
            {
                return null;
            }

            await _index.IndexAsync(id, existing.Centroid, existing.KeyTerms, cancellationToken);
            return existing.MergedInto is null ? id : await ResolveAsync(id, cancellationToken);
        }

        await _index.IndexAsync(id, centroid, centroid.KeyTerms(), cancellationToken);
        Remember(created);

        // Another host may have started this event's story at the same moment. Now that ours is visible, look
        // again: whichever host sees the other merges the two into the lower id. At least one of them sees the
        // other (each looks after writing), and both would merge the same way, so they end with one story.
        if (await RivalAsync(vector, at, id, cancellationToken) is { } rival)
        {
            var (winner, loser) = string.CompareOrdinal(rival.Id, id) < 0 ? (rival.Id, id) : (id, rival.Id);
            await MergeAsync(loser, winner, cancellationToken);
            return winner;
        }

        return id;
    }

    private async Task MergeAsync(string loser, string winner, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            _cache.TryRemove(loser, out _);
            var story = await _store.ReadAsync(loser, cancellationToken);
            if (story is null || story.MergedInto is not null || await _store.MarkMergedAsync(story, winner, cancellationToken))
            {
                _logger.LogInformation("Story {StoryId} merged into {OtherStoryId}: both were started for the same event at the same moment", loser, winner);
                return;
            }
        }

        throw new InvalidOperationException($"story {loser} could not be merged into {winner}: it kept changing");
    }

    private async Task<StoredStory?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(id, out var cached) && now - cached.ReadAt < CacheLifetime)
        {
            return cached.Story;
        }

        var story = await _store.ReadAsync(id, cancellationToken);
        if (story is not null)
        {
            Remember(story);
        }

        return story;
    }

    private void Remember(StoredStory story)
    {
        if (_cache.Count >= MaxCachedStories)
        {
            // Bounded: the oldest half goes; the next reads of those stories go to storage.
            foreach (var old in _cache.OrderBy(c => c.Value.ReadAt).Take(MaxCachedStories / 2).Select(c => c.Key).ToList())
            {
                _cache.TryRemove(old, out _);
            }
        }

        _cache[story.Id] = (story, _time.GetUtcNow());
    }
}
