using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using NewsAlerts.Articles;
using NewsAlerts.Watchlists;

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
/// delivery fields, and undelivered rows the article no longer matches are removed. One transaction per
/// subscriber partition (of up to 100 rows) is the usual cost.
/// </summary>
public sealed class MatchStore
{
    private const int MaxBatch = 100;
    private readonly NewsAlertsStorage _storage;

    /// <summary>Creates the store over <paramref name="storage"/>.</summary>
    public MatchStore(NewsAlertsStorage storage) => _storage = storage;

    /// <summary>
    /// Saves <paramref name="matches"/> of <paramref name="article"/>. <paramref name="previous"/> are the
    /// matches recorded the last time it was processed: they tell which rows exist without reading them.
    /// </summary>
    public async Task SaveAsync(MatchedArticle article, IReadOnlyList<WatchlistMatch> matches, IReadOnlyList<ArticleMatch> previous, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(previous);
        var known = previous.Select(p => (TableKeys.Subscriber(p.Email), MatchEntity.Key(article.ArticleId, p.Watchlist))).ToHashSet();
        var bySubscriber = matches.GroupBy(m => TableKeys.Subscriber(m.Email)).ToList();

        await Parallel.ForEachAsync(
            bySubscriber,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (group, token) => await SavePartitionAsync(article, group.Key, group.ToList(), known, now, token));

        var current = matches.Select(m => (TableKeys.Subscriber(m.Email), MatchEntity.Key(article.ArticleId, m.Watchlist))).ToHashSet();
        var stalePartitions = known.Where(k => !current.Contains(k)).Select(k => k.Item1).Distinct().ToList();
        foreach (var partition in stalePartitions)
        {
            await RemoveStaleAsync(article.ArticleId, partition, current, cancellationToken);
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
            // Another worker processed the same article at the same time, or our record of which rows
            // exist is stale: read the rows that do exist and write again.
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
            if (current.Contains((partition, row.RowKey)) || row.GetBoolean(nameof(MatchEntity.Delivered)) == true)
            {
                continue;
            }

            try
            {
                await _storage.Matches.DeleteEntityAsync(partition, row.RowKey, row.ETag, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Deleted meanwhile, or delivered meanwhile: either way nothing is left to remove.
            }
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
