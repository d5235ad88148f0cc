using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using NewsAlerts.Articles;
using NewsAlerts.Matching;

namespace NewsAlerts.Storage;

/// <summary>What a match row shows of its article.</summary>
/// <param name="ArticleId">The article's id.</param>
/// <param name="ArticleName">The blob name.</param>
/// <param name="Document">What the article says.</param>
/// <param name="Summary">Its summary.</param>
/// <param name="Summarizer">Which summarizer made the summary.</param>
/// <param name="StoryId">The story it belongs to.</param>
public sealed record MatchedArticle(string ArticleId, string ArticleName, ArticleDocument Document, string Summary, string Summarizer, string StoryId);

/// <summary>
/// Writes an article's matches so that processing it again rewrites the same rows and never undoes a
/// delivery: rows new to the article are inserted undelivered, rows that exist are merged without their
/// delivery fields, and undelivered rows the article no longer matches are removed. The store keeps its own
/// list of the rows each article has (<see cref="MatchIndexEntity"/>, in the article's partition of
/// <c>Articles</c>), so it finds them all with one query however many there are. Round trips: the list, one
/// transaction per subscriber partition (of up to 100 rows), one per 100 rows new to the article's list, and
/// for what the article no longer matches, a query and the deletes in each partition and one per 100 list rows.
/// </summary>
public sealed class MatchStore
{
    private const int MaxBatch = 100;
    private const int MaxParallelPartitions = 8;
    private readonly NewsAlertsStorage _storage;

    /// <summary>Creates the store over <paramref name="storage"/>.</summary>
    public MatchStore(NewsAlertsStorage storage) => _storage = storage;

    /// <summary>Saves <paramref name="matches"/> of <paramref name="article"/>, replacing what its last processing saved.</summary>
    public async Task SaveAsync(MatchedArticle article, IReadOnlyList<WatchlistMatch> matches, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(matches);
        var listed = await ReadIndexAsync(article.ArticleId, cancellationToken);
        var current = matches.Select(m => (TableKeys.Subscriber(m.Email), MatchEntity.Key(article.ArticleId, m.Watchlist))).ToHashSet();

        // Listed before they are written: a crash between the two leaves a list that still finds the rows.
        await AddToIndexAsync(article.ArticleId, current.Where(row => !listed.ContainsKey(row)), cancellationToken);

        var known = listed.Keys.ToHashSet();
        await Parallel.ForEachAsync(
            matches.GroupBy(m => TableKeys.Subscriber(m.Email)),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPartitions, CancellationToken = cancellationToken },
            async (group, token) => await SavePartitionAsync(article, group.Key, group.ToList(), known, now, token));

        var stale = listed.Where(row => !current.Contains(row.Key)).Select(row => row.Value).ToList();
        await Parallel.ForEachAsync(
            stale.Select(row => row.Subscriber).Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPartitions, CancellationToken = cancellationToken },
            async (partition, token) => await RemoveStaleAsync(article.ArticleId, partition, current, token));

        // Removed, or delivered and kept for good: either way nothing is left for a later processing to remove.
        await RemoveFromIndexAsync(stale, cancellationToken);
    }

    private async Task<Dictionary<(string, string), MatchIndexEntity>> ReadIndexAsync(string articleId, CancellationToken cancellationToken)
    {
        // Index row keys start with "match~" ('~' is 0x7E); '\u007f' is the next code point.
        var from = MatchIndexEntity.RowPrefix;
        var to = MatchIndexEntity.RowPrefix[..^1] + "\u007f";
        var rows = new Dictionary<(string, string), MatchIndexEntity>();
        await foreach (var row in _storage.Articles.QueryAsync<MatchIndexEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {articleId} and RowKey gt {from} and RowKey lt {to}"), cancellationToken: cancellationToken))
        {
            rows[(row.Subscriber, row.MatchRow)] = row;
        }

        return rows;
    }

    private async Task AddToIndexAsync(string articleId, IEnumerable<(string Subscriber, string MatchRow)> rows, CancellationToken cancellationToken)
    {
        var actions = rows.Select(row => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new MatchIndexEntity { PartitionKey = articleId, RowKey = MatchIndexEntity.Key(row.Subscriber, row.MatchRow), Subscriber = row.Subscriber, MatchRow = row.MatchRow }));
        foreach (var chunk in actions.Chunk(MaxBatch))
        {
            await _storage.Articles.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    private async Task RemoveFromIndexAsync(List<MatchIndexEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(MaxBatch))
        {
            try
            {
                await _storage.Articles.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
            {
                // Another processing of the article listed a row again (412) or removed it (404): each is removed
                // on its own, and one listed again stays listed.
                foreach (var row in chunk)
                {
                    await DeleteIfUnchangedAsync(_storage.Articles, row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                }
            }
        }
    }

    private async Task SavePartitionAsync(MatchedArticle article, string partition, List<WatchlistMatch> matches, HashSet<(string, string)> known, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = matches.Select(m => MatchEntity.Key(article.ArticleId, m.Watchlist)).Where(rk => known.Contains((partition, rk))).ToHashSet();
        try
        {
            await SubmitAsync(article, partition, matches, existing, now, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            // Another worker processed the same article at the same time, or a delivered row the list let go of
            // matches again: read the rows that do exist and write again.
            existing = await ExistingRowsAsync(article.ArticleId, partition, cancellationToken);
            await SubmitAsync(article, partition, matches, existing, now, cancellationToken);
        }
    }

    private async Task SubmitAsync(MatchedArticle article, string partition, List<WatchlistMatch> matches, HashSet<string> existing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var actions = matches.Select(match =>
        {
            var rowKey = MatchEntity.Key(article.ArticleId, match.Watchlist);
            return existing.Contains(rowKey)
                ? new TableTransactionAction(TableTransactionActionType.UpsertMerge, Content(article, partition, rowKey, match))
                : new TableTransactionAction(TableTransactionActionType.Add, NewRow(article, partition, rowKey, match, now));
        }).ToList();

        foreach (var chunk in actions.Chunk(MaxBatch))
        {
            await _storage.Matches.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    private async Task<HashSet<string>> ExistingRowsAsync(string articleId, string partition, CancellationToken cancellationToken)
    {
        var rows = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in RowsOfArticleAsync(articleId, partition, cancellationToken))
        {
            rows.Add(row.RowKey);
        }

        return rows;
    }

    private async Task RemoveStaleAsync(string articleId, string partition, HashSet<(string, string)> current, CancellationToken cancellationToken)
    {
        await foreach (var row in RowsOfArticleAsync(articleId, partition, cancellationToken))
        {
            if (!current.Contains((partition, row.RowKey)) && row.GetBoolean(nameof(MatchEntity.Delivered)) != true)
            {
                await DeleteIfUnchangedAsync(_storage.Matches, partition, row.RowKey, row.ETag, cancellationToken);
            }
        }
    }

    private static async Task DeleteIfUnchangedAsync(TableClient table, string partition, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partition, rowKey, etag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Removed (404) or changed (412) since it was read: either way it is not ours to remove now.
        }
    }

    private AsyncPageable<TableEntity> RowsOfArticleAsync(string articleId, string partition, CancellationToken cancellationToken)
    {
        // Row keys start with the article id and '~' (0x7E); '\u007f' is the next code point.
        var from = articleId + "~";
        var to = articleId + "\u007f";
        return _storage.Matches.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {from} and RowKey lt {to}"),
            select: ["RowKey", nameof(MatchEntity.Delivered)],
            cancellationToken: cancellationToken);
    }

    private static MatchEntity NewRow(MatchedArticle article, string partition, string rowKey, WatchlistMatch match, DateTimeOffset now) => new()
    {
        PartitionKey = partition,
        RowKey = rowKey,
        Email = match.Email,
        Watchlist = match.Watchlist,
        ArticleId = article.ArticleId,
        ArticleName = article.ArticleName,
        Title = article.Document.Title,
        Summary = article.Summary,
        Summarizer = article.Summarizer,
        Source = article.Document.Source,
        Url = article.Document.Url,
        PublishedAt = article.Document.PublishedAt,
        StoryId = article.StoryId,
        TermsJson = JsonSerializer.Serialize(match.Terms),
        Snippet = match.Snippet,
        Score = match.Score,
        SnippetsJson = MatchEntity.SerializeSnippets(match.Snippets),
        MatchedAt = now,
        Delivered = false,
    };

    /// <summary>The row's content without its delivery fields or first-match time, for merging into a row that exists.</summary>
    private static TableEntity Content(MatchedArticle article, string partition, string rowKey, WatchlistMatch match)
    {
        var entity = new TableEntity(partition, rowKey)
        {
            [nameof(MatchEntity.Email)] = match.Email,
            [nameof(MatchEntity.Watchlist)] = match.Watchlist,
            [nameof(MatchEntity.ArticleId)] = article.ArticleId,
            [nameof(MatchEntity.ArticleName)] = article.ArticleName,
            [nameof(MatchEntity.Title)] = article.Document.Title,
            [nameof(MatchEntity.Summary)] = article.Summary,
            [nameof(MatchEntity.Summarizer)] = article.Summarizer,
            [nameof(MatchEntity.StoryId)] = article.StoryId,
            [nameof(MatchEntity.TermsJson)] = JsonSerializer.Serialize(match.Terms),
            [nameof(MatchEntity.Snippet)] = match.Snippet,
            [nameof(MatchEntity.Score)] = match.Score,
            [nameof(MatchEntity.SnippetsJson)] = MatchEntity.SerializeSnippets(match.Snippets),
        };

        // Absent properties are left alone by a merge; only known facts are written.
        if (article.Document.Source is not null)
        {
            entity[nameof(MatchEntity.Source)] = article.Document.Source;
        }

        if (article.Document.Url is not null)
        {
            entity[nameof(MatchEntity.Url)] = article.Document.Url;
        }

        if (article.Document.PublishedAt is not null)
        {
            entity[nameof(MatchEntity.PublishedAt)] = article.Document.PublishedAt;
        }

        return entity;
    }
}
