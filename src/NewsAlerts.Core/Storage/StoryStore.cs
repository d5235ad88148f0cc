using Azure;
using Azure.Data.Tables;
using NewsAlerts.Stories;

namespace NewsAlerts.Storage;

/// <summary>A story as stored: its centroid and the ETag a change must match.</summary>
/// <param name="Id">The story id.</param>
/// <param name="Centroid">What it is about.</param>
/// <param name="ETag">The row's ETag.</param>
/// <param name="MergedInto">The story it was merged into, if any.</param>
/// <param name="IndexedLatest">The latest time its index rows carry.</param>
/// <param name="KeyTerms">The terms it is indexed by.</param>
public sealed record StoredStory(string Id, StoryCentroid Centroid, ETag ETag, string? MergedInto, DateTimeOffset IndexedLatest, IReadOnlyList<string> KeyTerms);

/// <summary>
/// The <c>Stories</c> and <c>StoryTerms</c> tables: the only code that maps their rows. Every change to a story is
/// conditional on the ETag read, so hosts that assign articles at once never overwrite each other.
/// </summary>
public sealed class StoryStore
{
    /// <summary>Most stories read per term: the most recently active come first only by chance, so enough to cover a busy term.</summary>
    public const int StoriesPerTerm = 50;

    private readonly StoreTable _stories;
    private readonly StoreTable _terms;

    internal StoryStore(StoreTable stories, StoreTable terms)
    {
        _stories = stories;
        _terms = terms;
    }

    /// <summary>
    /// The stories indexed by each of <paramref name="terms"/> that were active at or after <paramref name="since"/>:
    /// with the latest time each row knows: one query per term, at most <see cref="StoriesPerTerm"/> stories each.
    /// </summary>
    public async Task<IReadOnlyList<(string Term, string Story, DateTimeOffset Latest)>> FindAsync(IEnumerable<string> terms, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var table = await _terms.OpenAsync(cancellationToken);
        var found = await Task.WhenAll(terms.Select(async term =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(term)} and Latest ge {since}");
            await foreach (var page in table.QueryAsync<StoryTermEntity>(filter, maxPerPage: StoriesPerTerm, select: ["RowKey", "Latest"], cancellationToken: cancellationToken).AsPages())
            {
                return page.Values.Select(row => (term, row.RowKey, row.Latest)).ToList();
            }

            return [];
        }));
        return [.. found.SelectMany(hits => hits)];
    }

    /// <summary>The story <paramref name="id"/>, or null when there is none.</summary>
    public async Task<StoredStory?> ReadAsync(string id, CancellationToken cancellationToken = default)
    {
        var table = await _stories.OpenAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<StoryEntity>(id, StoryEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? Map(row.Value!) : null;
    }

    /// <summary>Creates story <paramref name="id"/>; null when it exists already (the caller reads it instead).</summary>
    public async Task<StoredStory?> CreateAsync(string id, StoryCentroid centroid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(centroid);
        var entity = Entity(id, centroid, indexedLatest: centroid.Latest);
        try
        {
            var table = await _stories.OpenAsync(cancellationToken);
            var response = await table.AddEntityAsync(entity, cancellationToken);
            entity.ETag = response.Headers.ETag ?? default;
            return Map(entity);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Replaces <paramref name="story"/>'s centroid; null when another host changed it since it was read.</summary>
    public async Task<StoredStory?> ReplaceAsync(StoredStory story, StoryCentroid centroid, bool reindexed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(centroid);
        var entity = Entity(story.Id, centroid, reindexed ? centroid.Latest : story.IndexedLatest);
        entity.MergedInto = story.MergedInto;
        try
        {
            var table = await _stories.OpenAsync(cancellationToken);
            var response = await table.UpdateEntityAsync(entity, story.ETag, TableUpdateMode.Replace, cancellationToken);
            entity.ETag = response.Headers.ETag ?? default;
            return Map(entity);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    /// <summary>Marks <paramref name="story"/> merged into <paramref name="into"/>; false when another host changed it first.</summary>
    public async Task<bool> MarkMergedAsync(StoredStory story, string into, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        try
        {
            var table = await _stories.OpenAsync(cancellationToken);
            await table.UpdateEntityAsync(new TableEntity(story.Id, StoryEntity.Row) { [nameof(StoryEntity.MergedInto)] = into }, story.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Writes the term index rows of <paramref name="story"/>'s key terms.</summary>
    public async Task IndexAsync(string story, StoryCentroid centroid, IEnumerable<string> terms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(centroid);
        ArgumentNullException.ThrowIfNull(terms);
        var table = await _terms.OpenAsync(cancellationToken);
        await Task.WhenAll(terms.Select(term => table.UpsertEntityAsync(
            new StoryTermEntity { PartitionKey = TableKeys.Escape(term), RowKey = story, First = centroid.First, Latest = centroid.Latest },
            TableUpdateMode.Replace,
            cancellationToken)));
    }

    private static StoryEntity Entity(string id, StoryCentroid centroid, DateTimeOffset indexedLatest) => new()
    {
        PartitionKey = id,
        Weights = centroid.SerializeWeights(),
        Articles = centroid.Articles,
        First = centroid.First,
        Latest = centroid.Latest,
        IndexedLatest = indexedLatest,
        KeyTerms = string.Join(' ', centroid.KeyTerms()),
    };

    private static StoredStory Map(StoryEntity row) => new(
        row.PartitionKey,
        StoryCentroid.Parse(row.Weights, row.Articles, row.First, row.Latest),
        row.ETag,
        string.IsNullOrEmpty(row.MergedInto) ? null : row.MergedInto,
        row.IndexedLatest,
        row.KeyTerms.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
