using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsAlerts.Articles;
using NewsAlerts.Storage;

namespace NewsAlerts.Cli.Local;

/// <summary>What one scan of the articles container did.</summary>
/// <param name="Processed">One result per blob processed.</param>
/// <param name="Errors">Blobs whose processing threw (storage trouble); they are tried again on the next scan.</param>
internal sealed record ScanResult(IReadOnlyList<IngestResult> Processed, IReadOnlyList<string> Errors);

/// <summary>
/// The local host's stand-in for the blob trigger: lists the articles container and processes each blob
/// that is new or changed since its receipt. Receipts live in the <c>Receipts</c> table, so a restart
/// neither skips nor repeats a blob. A blob whose processing keeps throwing is given up after
/// <see cref="NewsAlertsOptions.MaxDequeueCount"/> tries (as the blob trigger does) and recorded as failed.
/// </summary>
internal sealed class ArticleScanner
{
    private readonly NewsAlertsStorage _storage;
    private readonly TableClient _receiptTable;
    private readonly ArticleIngestor _ingestor;
    private readonly NewsAlertsOptions _options;
    private readonly ILogger<ArticleScanner> _logger;
    private ConcurrentDictionary<string, ReceiptEntity>? _receipts;

    /// <summary>Creates the scanner; its receipts are in its own table, next to NewsAlerts' tables.</summary>
    public ArticleScanner(NewsAlertsStorage storage, TableServiceClient tables, ArticleIngestor ingestor, IOptions<NewsAlertsOptions> options, ILogger<ArticleScanner> logger)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _receiptTable = tables.GetTableClient(options.Value.TablePrefix + ReceiptEntity.TableName);
        _ingestor = ingestor;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Processes every blob not yet processed at its current version.</summary>
    /// <param name="onProcessed">Called after each blob, for progress display.</param>
    /// <param name="cancellationToken">Stops the scan between blobs.</param>
    public async Task<ScanResult> ProcessPendingAsync(Action<IngestResult>? onProcessed = null, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);
        var receipts = _receipts ??= await LoadReceiptsAsync(cancellationToken);
        var pending = new List<(string Name, string ETag)>();
        await foreach (var blob in _storage.ArticlesContainer.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var etag = Unquoted(blob.Properties.ETag?.ToString());
            var id = TableKeys.ArticleId(blob.Name);
            if (!receipts.TryGetValue(id, out var receipt) || receipt.BlobETag != etag || !receipt.Done)
            {
                pending.Add((blob.Name, etag));
            }
        }

        var processed = new ConcurrentBag<IngestResult>();
        var errors = new ConcurrentBag<string>();

        // Several at a time: a slow summary must not hold up the rest, and each article mostly waits on storage.
        await Parallel.ForEachAsync(
            pending,
            new ParallelOptions { MaxDegreeOfParallelism = _options.ScanConcurrency, CancellationToken = cancellationToken },
            async (blob, token) =>
            {
                var id = TableKeys.ArticleId(blob.Name);
                try
                {
                    var result = await _ingestor.IngestAsync(blob.Name, token);
                    await SaveReceiptAsync(receipts, id, blob.Name, Unquoted(result.BlobETag ?? blob.ETag), done: true, failedAttempts: 0, error: null, token);
                    processed.Add(result);
                    onProcessed?.Invoke(result);
                }

                // A stop or a storage outage is not the article's fault and does not count as one of its tries:
                // it ends this scan, and the blob, still without a done receipt, is processed by a later one.
                catch (Exception ex) when (ex is not OperationCanceledException && !token.IsCancellationRequested && !StorageOutage.Is(ex))
                {
                    var attempts = receipts.TryGetValue(id, out var previous) && previous.BlobETag == blob.ETag ? previous.FailedAttempts + 1 : 1;

                    // A request the service refuses for good gets the same answer on every scan: given up at once.
                    var givenUp = attempts >= _options.MaxDequeueCount || ex is RequestFailedException storage && StorageErrors.IsPermanent(storage);
                    var error = StorageErrors.Describe(ex);
                    _logger.LogError(ex, "Processing {ArticleName} failed (try {Attempt} of {MaxAttempts})", blob.Name, attempts, _options.MaxDequeueCount);
                    errors.Add($"{blob.Name}: {error}");
                    await SaveReceiptAsync(receipts, id, blob.Name, blob.ETag, givenUp, attempts, error, token);
                    if (givenUp)
                    {
                        await RecordGivenUpAsync(blob.Name, attempts, error, token);
                    }
                }
            });

        return new ScanResult(processed.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(), errors.Order(StringComparer.Ordinal).ToList());
    }

    // Listing returns ETags bare and downloads return them quoted; receipts compare them bare.
    private static string Unquoted(string? etag) => etag?.Trim('"') ?? string.Empty;

    private async Task<ConcurrentDictionary<string, ReceiptEntity>> LoadReceiptsAsync(CancellationToken cancellationToken)
    {
        await _receiptTable.CreateIfNotExistsAsync(cancellationToken);
        var receipts = new ConcurrentDictionary<string, ReceiptEntity>(StringComparer.Ordinal);
        var partition = _storage.ArticlesContainer.Name;
        await foreach (var receipt in _receiptTable.QueryAsync<ReceiptEntity>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            receipts[receipt.RowKey] = receipt;
        }

        return receipts;
    }

    private async Task SaveReceiptAsync(ConcurrentDictionary<string, ReceiptEntity> receipts, string id, string name, string etag, bool done, int failedAttempts, string? error, CancellationToken cancellationToken)
    {
        var receipt = new ReceiptEntity
        {
            PartitionKey = _storage.ArticlesContainer.Name,
            RowKey = id,
            BlobName = name,
            BlobETag = etag,
            Done = done,
            FailedAttempts = failedAttempts,
            LastError = ReceiptEntity.Brief(error),
        };
        await _receiptTable.UpsertEntityAsync(receipt, TableUpdateMode.Replace, cancellationToken);
        receipts[id] = receipt;
    }

    private async Task RecordGivenUpAsync(string name, int attempts, string error, CancellationToken cancellationToken)
    {
        try
        {
            await _ingestor.RecordGivenUpAsync(name, attempts, error, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            // Storage is what failed; the receipt already records the failure, and the log says this too.
            _logger.LogError(ex, "Could not record that {ArticleName} was given up", name);
        }
    }
}
