using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using NewsAlerts.Storage;

namespace NewsAlerts.Articles;

/// <summary>Reads stored articles and uploads new ones: the admin side of the articles container and table.</summary>
public sealed class ArticleCatalog
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly NewsAlertsStorage _storage;

    /// <summary>Creates the catalog.</summary>
    public ArticleCatalog(NewsAlertsStorage storage) => _storage = storage;

    /// <summary>Every stored article, optionally only those with <paramref name="status"/>.</summary>
    public async IAsyncEnumerable<Article> ListAsync(ArticleStatus? status = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);
        // An article's partition also holds the store's list of its match rows (MatchIndexEntity): only article rows are listed.
        var filter = status is null
            ? TableClient.CreateQueryFilter($"RowKey eq {ArticleEntity.Row}")
            : TableClient.CreateQueryFilter($"RowKey eq {ArticleEntity.Row} and Status eq {status.Value.ToString().ToLowerInvariant()}");
        await foreach (var entity in _storage.Articles.QueryAsync<ArticleEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ToArticle(entity);
        }
    }

    /// <summary>Uploads <paramref name="content"/> as blob <paramref name="name"/>, replacing any blob of that name.</summary>
    public async Task UploadAsync(string name, Stream content, IDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await _storage.EnsureCreatedAsync(cancellationToken);
        await _storage.ArticlesContainer.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { Metadata = metadata }, cancellationToken);
    }

    /// <summary>The stored article of blob <paramref name="name"/>, or null when none is stored (yet).</summary>
    public async Task<Article?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        var row = await _storage.Articles.GetEntityIfExistsAsync<ArticleEntity>(TableKeys.ArticleId(name), ArticleEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? ToArticle(row.Value!) : null;
    }

    /// <summary>The domain record of a stored row.</summary>
    internal static Article ToArticle(ArticleEntity entity) => new()
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
        Entities = string.IsNullOrEmpty(entity.EntitiesJson) ? null : JsonSerializer.Deserialize<Summaries.SummaryEntities>(entity.EntitiesJson, JsonOptions),
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
}
