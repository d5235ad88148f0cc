using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using NewsAlerts.Articles;
using NewsAlerts.Digests;
using NewsAlerts.Matching;

namespace NewsAlerts.Storage;

/// <summary>An undelivered match as a digest shows it, with the version of its row that was read.</summary>
/// <param name="Item">What the digest shows.</param>
public sealed record PendingMatch(DigestItem Item)
{
    /// <summary>The match row's key in its subscriber's partition.</summary>
    internal string RowKey { get; init; } = string.Empty;

    /// <summary>The row's ETag when read: marking it delivered is conditional on it.</summary>
    internal ETag ETag { get; init; }
}

/// <summary>
/// The <c>Matches</c> table (<see cref="MatchEntity"/>, partition = subscriber) and its index in the <c>Articles</c>
/// table (<see cref="MatchIndexEntity"/>, rows <c>match~&lt;hash&gt;</c> in each article's partition): the only code
/// that reads or writes either. Ingest writes an article's matches (<see cref="SaveAsync"/>); a digest reads a
/// subscriber's undelivered ones and marks them delivered.
/// </summary>
/// <remarks>
/// Writes an article's matches so that processing it again rewrites the same rows and never undoes a
/// delivery: rows new to the article are inserted undelivered, rows that exist are merged without their
/// delivery fields, and undelivered rows the article no longer matches are removed. The store keeps its own
/// list of the rows each article has (<see cref="MatchIndexEntity"/>), so it finds them all with one query
/// however many there are. Round trips: the list, one transaction per subscriber partition (of up to 100 rows),
/// one per 100 rows new to the article's list, and for what the article no longer matches, a query and the
/// deletes in each partition and one per 100 list rows.
/// </remarks>
public sealed partial class MatchStore
{
    private const int MaxBatch = 100;
    private const int MaxParallelPartitions = 8;
    private readonly StoreTable _matches;
    private readonly StoreTable _index;

    /// <summary>Creates the store over the <c>Matches</c> table and, for its index rows, the <c>Articles</c> table.</summary>
    internal MatchStore(StoreTable matches, StoreTable articles)
    {
        _matches = matches;
        _index = articles;
    }

    /// <summary>Saves the matches of <paramref name="article"/>, replacing what its last processing saved.</summary>
    public async Task SaveAsync(ProcessedArticle article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var matches = await _matches.OpenAsync(cancellationToken);
        var index = await _index.OpenAsync(cancellationToken);
        var listed = await ReadIndexAsync(index, article.Id, cancellationToken);
        var current = article.Matches.Select(m => (TableKeys.Subscriber(m.Email), MatchEntity.Key(article.Id, m.Watchlist))).ToHashSet();

        // Listed before they are written: a crash between the two leaves a list that still finds the rows.
        await AddToIndexAsync(index, article.Id, current.Where(row => !listed.ContainsKey(row)), cancellationToken);

        var known = listed.Keys.ToHashSet();
        await Parallel.ForEachAsync(
            article.Matches.GroupBy(m => TableKeys.Subscriber(m.Email)),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPartitions, CancellationToken = cancellationToken },
            async (group, token) => await SavePartitionAsync(matches, article, group.Key, group.ToList(), known, token));

        var stale = listed.Where(row => !current.Contains(row.Key)).Select(row => row.Value).ToList();
        await Parallel.ForEachAsync(
            stale.Select(row => row.Subscriber).Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPartitions, CancellationToken = cancellationToken },
            async (partition, token) => await RemoveStaleAsync(matches, article.Id, partition, current, token));

        // Removed, or delivered and kept for good: either way nothing is left for a later processing to remove.
        await RemoveFromIndexAsync(index, stale, cancellationToken);
    }

    private static async Task<Dictionary<(string, string), MatchIndexEntity>> ReadIndexAsync(TableClient index, string articleId, CancellationToken cancellationToken)
    {
        // Index row keys start with "match~" ('~' is 0x7E); '\u007f' is the next code point.
        var from = MatchIndexEntity.RowPrefix;
        var to = MatchIndexEntity.RowPrefix[..^1] + "\u007f";
        var rows = new Dictionary<(string, string), MatchIndexEntity>();
        await foreach (var row in index.QueryAsync<MatchIndexEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {articleId} and RowKey gt {from} and RowKey lt {to}"), cancellationToken: cancellationToken))
        {
            rows[(row.Subscriber, row.MatchRow)] = row;
        }

        return rows;
    }

    private static async Task AddToIndexAsync(TableClient index, string articleId, IEnumerable<(string Subscriber, string MatchRow)> rows, CancellationToken cancellationToken)
    {
        var actions = rows.Select(row => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new MatchIndexEntity { PartitionKey = articleId, RowKey = MatchIndexEntity.Key(row.Subscriber, row.MatchRow), Subscriber = row.Subscriber, MatchRow = row.MatchRow }));
        foreach (var chunk in actions.Chunk(MaxBatch))
        {
            await index.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    private static async Task RemoveFromIndexAsync(TableClient index, List<MatchIndexEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(MaxBatch))
        {
            try
            {
                await index.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
            {
                // Another processing of the article listed a row again (412) or removed it (404): each is removed
                // on its own, and one listed again stays listed.
                foreach (var row in chunk)
                {
                    await DeleteIfUnchangedAsync(index, row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                }
            }
        }
    }

    private static async Task SavePartitionAsync(TableClient table, ProcessedArticle article, string partition, List<WatchlistMatch> matches, HashSet<(string, string)> known, CancellationToken cancellationToken)
    {
        var existing = matches.Select(m => MatchEntity.Key(article.Id, m.Watchlist)).Where(rk => known.Contains((partition, rk))).ToHashSet();
        try
        {
            await SubmitAsync(table, article, partition, matches, existing, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            // Another worker processed the same article at the same time, or a delivered row the list let go of
            // matches again: read the rows that do exist and write again.
            existing = await ExistingRowsAsync(table, article.Id, partition, cancellationToken);
            await SubmitAsync(table, article, partition, matches, existing, cancellationToken);
        }
    }

    private static async Task SubmitAsync(TableClient table, ProcessedArticle article, string partition, List<WatchlistMatch> matches, HashSet<string> existing, CancellationToken cancellationToken)
    {
        var actions = matches.Select(match =>
        {
            var rowKey = MatchEntity.Key(article.Id, match.Watchlist);
            return existing.Contains(rowKey)
                ? new TableTransactionAction(TableTransactionActionType.UpsertMerge, Content(article, partition, rowKey, match))
                : new TableTransactionAction(TableTransactionActionType.Add, NewRow(article, partition, rowKey, match));
        }).ToList();

        foreach (var chunk in actions.Chunk(MaxBatch))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    private static async Task<HashSet<string>> ExistingRowsAsync(TableClient table, string articleId, string partition, CancellationToken cancellationToken)
    {
        var rows = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in RowsOfArticleAsync(table, articleId, partition, cancellationToken))
        {
            rows.Add(row.RowKey);
        }

        return rows;
    }

    private static async Task RemoveStaleAsync(TableClient table, string articleId, string partition, HashSet<(string, string)> current, CancellationToken cancellationToken)
    {
        await foreach (var row in RowsOfArticleAsync(table, articleId, partition, cancellationToken))
        {
            if (!current.Contains((partition, row.RowKey)) && row.GetBoolean(nameof(MatchEntity.Delivered)) != true)
            {
                await DeleteIfUnchangedAsync(table, partition, row.RowKey, row.ETag, cancellationToken);
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

    private static AsyncPageable<TableEntity> RowsOfArticleAsync(TableClient table, string articleId, string partition, CancellationToken cancellationToken)
    {
        // Row keys start with the article id and '~' (0x7E); '\u007f' is the next code point.
        var from = articleId + "~";
        var to = articleId + "\u007f";
        return table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {from} and RowKey lt {to}"),
            select: ["RowKey", nameof(MatchEntity.Delivered)],
            cancellationToken: cancellationToken);
    }

    // A match shows the article's summary as the article's row holds it.
    private static string SummaryText(ProcessedArticle article) => ArticleReader.Bound(article.Summary.Text, ArticleStore.MaxSummaryLength);

    private static MatchEntity NewRow(ProcessedArticle article, string partition, string rowKey, WatchlistMatch match) => new()
    {
        PartitionKey = partition,
        RowKey = rowKey,
        Email = match.Email,
        Watchlist = match.Watchlist,
        ArticleId = article.Id,
        ArticleName = article.Name,
        Title = article.Document.Title,
        Summary = SummaryText(article),
        Summarizer = article.Summary.Summarizer,
        Source = article.Document.Source,
        Url = article.Document.Url,
        PublishedAt = article.Document.PublishedAt,
        StoryId = article.StoryId,
        TermsJson = JsonSerializer.Serialize(match.Terms),
        Snippet = match.Snippet,
        Score = match.Score,
        SnippetsJson = MatchEntity.SerializeSnippets(match.Snippets),
        MatchedAt = article.ProcessedAt,
        Delivered = false,
    };

    /// <summary>The row's content without its delivery fields or first-match time, for merging into a row that exists.</summary>
    private static TableEntity Content(ProcessedArticle article, string partition, string rowKey, WatchlistMatch match)
    {
        var entity = new TableEntity(partition, rowKey)
        {
            [nameof(MatchEntity.Email)] = match.Email,
            [nameof(MatchEntity.Watchlist)] = match.Watchlist,
            [nameof(MatchEntity.ArticleId)] = article.Id,
            [nameof(MatchEntity.ArticleName)] = article.Name,
            [nameof(MatchEntity.Title)] = article.Document.Title,
            [nameof(MatchEntity.Summary)] = SummaryText(article),
            [nameof(MatchEntity.Summarizer)] = article.Summary.Summarizer,
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
