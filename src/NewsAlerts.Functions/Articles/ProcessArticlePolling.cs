using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Articles;

namespace NewsAlerts.Functions.Articles;

/// <summary>
/// <see cref="ProcessArticle"/>'s twin for <c>func start</c> against Azurite, which raises no Event Grid
/// events: the same ingest, found by scanning the container. Not in the published package (see
/// <c>IncludePollingTrigger</c> in the project file): Flex Consumption does not support polling.
/// </summary>
public sealed class ProcessArticlePolling
{
    private readonly ArticleIngestor _ingestor;

    public ProcessArticlePolling(ArticleIngestor ingestor) => _ingestor = ingestor;

    [Function(nameof(ProcessArticlePolling))]
    public async Task RunAsync(
        [BlobTrigger("%NewsAlerts:ArticlesContainer%/{name}", Source = BlobTriggerSource.LogsAndContainerScan)] BlobClient blob,
        string name,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await _ingestor.IngestAsync(name, context.CancellationToken);
    }
}
