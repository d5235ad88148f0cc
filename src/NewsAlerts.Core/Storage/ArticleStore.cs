using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using NewsAlerts.Articles;
using NewsAlerts.Summaries;

namespace NewsAlerts.Storage;

/// <summary>
/// The article rows of the <c>Articles</c> table (<see cref="ArticleEntity"/>, row key <c>article</c> in each article's
/// partition): the only code that reads or writes them. The same partitions also hold <see cref="MatchStore"/>'s list
/// of each article's match rows, which this store leaves alone.
/// </summary>
public sealed class ArticleStore
{
    /// <summary>Longest summary stored; a property holds 32K characters, summaries are far shorter.</summary>
    public const int MaxSummaryLength = 2000;

    /// <summary>Longest reason a failure is recorded with.</summary>
    public const int MaxReasonLength = 1000;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly StoreTable _table;

    internal ArticleStore(StoreTable table) => _table = table;

    /// <summary>Saves what processing <paramref name="article"/> came to, replacing its row: one round trip.</summary>
    public async Task SaveProcessedAsync(ProcessedArticle article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var table = await _table.OpenAsync(cancellationToken);
        var summary = article.Summary;
        var listed = article.Matches.Select(m => new ArticleMatch(m.Email, m.Watchlist, m.Terms)).ToList();
        var entity = new ArticleEntity
        {
            PartitionKey = article.Id,
            Name = article.Name,
            Status = StatusText(ArticleStatus.Processed),
            Title = article.Document.Title,
            Source = article.Document.Source,
            Url = article.Document.Url,
            PublishedAt = article.Document.PublishedAt,
            Format = article.Document.Format,
            Encoding = article.Document.Encoding,
            Summary = ArticleReader.Bound(summary.Text, MaxSummaryLength),
            Summarizer = summary.Summarizer,
            SummaryNote = summary.Note,
            KeyPointsJson = summary.KeyPoints.Count == 0 ? null : JsonSerializer.Serialize(summary.KeyPoints, JsonOptions),
            EntitiesJson = summary.Entities is null ? null : JsonSerializer.Serialize(summary.Entities, JsonOptions),
            Language = summary.Language,
            InputTokens = summary.InputTokens,
            OutputTokens = summary.OutputTokens,
            StoryId = article.StoryId,
            BlobETag = article.Blob.ETag,
            Bytes = article.Blob.Bytes,
            ProcessedAt = article.ProcessedAt,
            MatchCount = listed.Count,
            MatchesJson = SerializeBounded(listed),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Records that article <paramref name="name"/> was rejected or failed, merging only the status fields (and the
    /// blob version, when one was read), so a good earlier version's title, summary and matches survive: one round trip.
    /// </summary>
    public async Task RecordProblemAsync(string name, ArticleStatus status, string reason, BlobVersion? blob, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(reason);
        var table = await _table.OpenAsync(cancellationToken);
        var entity = new TableEntity(TableKeys.ArticleId(name), ArticleEntity.Row)
        {
            [nameof(ArticleEntity.Name)] = name,
            [nameof(ArticleEntity.Status)] = StatusText(status),
            [nameof(ArticleEntity.StatusReason)] = ArticleReader.Bound(reason, MaxReasonLength),
            [nameof(ArticleEntity.ProcessedAt)] = at,
        };
        if (blob is not null)
        {
            entity[nameof(ArticleEntity.BlobETag)] = blob.ETag;
            entity[nameof(ArticleEntity.Bytes)] = blob.Bytes;
        }

        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>The stored article of blob <paramref name="name"/>, or null when none is stored (yet).</summary>
    public async Task<Article?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var table = await _table.OpenAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<ArticleEntity>(TableKeys.ArticleId(name), ArticleEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? ToArticle(row.Value!) : null;
    }

    /// <summary>Every stored article, optionally only those with <paramref name="status"/>; a scan of the table.</summary>
    public async IAsyncEnumerable<Article> ListAsync(ArticleStatus? status = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _table.OpenAsync(cancellationToken);
        // An article's partition also holds the match store's list of its match rows: only article rows are listed.
        var filter = status is null
            ? TableClient.CreateQueryFilter($"RowKey eq {ArticleEntity.Row}")
            : TableClient.CreateQueryFilter($"RowKey eq {ArticleEntity.Row} and Status eq {StatusText(status.Value)}");
        await foreach (var entity in table.QueryAsync<ArticleEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ToArticle(entity);
        }
    }

    /// <summary>
    /// Removes the row of article <paramref name="name"/>, if there is one. Its match rows stay: this is for an
    /// article that reached no watchlist, such as a deployment check's (<see cref="SmokeCheck"/>).
    /// </summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var table = await _table.OpenAsync(cancellationToken);
        // Tables answers a delete of a missing row with 404 and no exception.
        await table.DeleteEntityAsync(TableKeys.ArticleId(name), ArticleEntity.Row, ETag.All, cancellationToken);
    }

    private static string StatusText(ArticleStatus status) => status.ToString().ToLowerInvariant();

    private static Article ToArticle(ArticleEntity entity) => new()
    {
        Id = entity.PartitionKey,
        Name = entity.Name,
        Title = entity.Title,
        Status = Enum.TryParse<ArticleStatus>(entity.Status, ignoreCase: true, out var parsed) ? parsed : ArticleStatus.Failed,
        Reason = entity.StatusReason,
        Summary = entity.Summary,
        Summarizer = entity.Summarizer,
        SummaryNote = entity.SummaryNote,
        KeyPoints = string.IsNullOrEmpty(entity.KeyPointsJson) ? [] : JsonSerializer.Deserialize<List<string>>(entity.KeyPointsJson, JsonOptions) ?? [],
        Entities = string.IsNullOrEmpty(entity.EntitiesJson) ? null : JsonSerializer.Deserialize<SummaryEntities>(entity.EntitiesJson, JsonOptions),
        Language = entity.Language,
        InputTokens = entity.InputTokens,
        OutputTokens = entity.OutputTokens,
        Source = entity.Source,
        Url = entity.Url,
        PublishedAt = entity.PublishedAt,
        ProcessedAt = entity.ProcessedAt,
        Story = entity.StoryId,
        MatchCount = entity.MatchCount,
        Matches = string.IsNullOrEmpty(entity.MatchesJson) ? [] : JsonSerializer.Deserialize<List<ArticleMatch>>(entity.MatchesJson, JsonOptions) ?? [],
    };

    private static string SerializeBounded(List<ArticleMatch> matches)
    {
        var json = JsonSerializer.Serialize(matches, JsonOptions);
        var count = matches.Count;
        while (json.Length > ArticleEntity.MaxMatchesJsonLength && count > 0)
        {
            count = count * 3 / 4;
            json = JsonSerializer.Serialize(matches.Take(count), JsonOptions);
        }

        return json;
    }
}
