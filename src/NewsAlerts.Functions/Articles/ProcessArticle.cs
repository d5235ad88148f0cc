using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Articles;

namespace NewsAlerts.Functions.Articles;

/// <summary>
/// Processes each article uploaded to the articles container, notified by Event Grid (the only blob trigger
/// source Flex Consumption supports). Disabled locally, where Azurite raises no events
/// (<c>AzureWebJobs.ProcessArticle.Disabled</c>) and its polling twin, <c>ProcessArticlePolling</c>, runs instead.
/// </summary>
public sealed class ProcessArticle
{
    private readonly ArticleIngestor _ingestor;

    public ProcessArticle(ArticleIngestor ingestor) => _ingestor = ingestor;

    /// <remarks>
    /// The trigger binds a <see cref="BlobClient"/>, which reads nothing: the ingestor reads the blob itself,
    /// so the size limit applies before any content is read.
    /// </remarks>
    [Function(nameof(ProcessArticle))]
    public async Task RunAsync(
        [BlobTrigger("%NewsAlerts:ArticlesContainer%/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        string name,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await _ingestor.IngestAsync(name, context.CancellationToken);
    }
}
