using System.Diagnostics;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsAlerts.Matching;
using NewsAlerts.Storage;
using NewsAlerts.Stories;
using NewsAlerts.Summaries;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Articles;

/// <summary>What processing one blob came to.</summary>
/// <param name="ArticleId">The article's id.</param>
/// <param name="Name">The blob name.</param>
/// <param name="Status">The recorded status; null when the blob no longer exists and nothing was recorded.</param>
/// <param name="Reason">Why it was rejected or failed.</param>
/// <param name="MatchCount">How many watchlists it matched.</param>
/// <param name="BlobETag">The ETag of the blob version processed.</param>
public sealed record IngestResult(string ArticleId, string Name, ArticleStatus? Status, string? Reason, int MatchCount, string? BlobETag);

/// <summary>
/// The pipeline for one uploaded article: read, summarize, match every watchlist, store. The single
/// entry point both hosts call, the Functions blob trigger and the local host alike.
/// </summary>
/// <remarks>
/// Idempotent: processing the same blob again rewrites the same rows, and content the model summarized before
/// is not sent to it again (<see cref="SummaryCache"/>). Content that cannot be read is
/// recorded as <see cref="ArticleStatus.Rejected"/> and processing that breaks on the content as
/// <see cref="ArticleStatus.Failed"/>; neither throws, since retrying the same bytes cannot help, and
/// neither erases what an earlier version of the article stored. Storage failures do throw, so the
/// host's retry policy applies to what a retry can fix.
/// </remarks>
public sealed class ArticleIngestor
{
    private readonly NewsAlertsStorage _storage;
    private readonly ISummarizer _summarizer;
    private readonly WatchlistCatalog _watchlists;
    private readonly ArticleStore _articles;
    private readonly MatchStore _matches;
    private readonly StoryAssigner _stories;
    private readonly IngestTelemetry _telemetry;
    private readonly NewsAlertsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ArticleIngestor> _logger;

    /// <summary>Creates the ingestor.</summary>
    public ArticleIngestor(
        NewsAlertsStorage storage, ISummarizer summarizer, WatchlistCatalog watchlists, ArticleStore articles, MatchStore matches, StoryAssigner stories,
        IngestTelemetry telemetry, IOptions<NewsAlertsOptions> options, TimeProvider time, ILogger<ArticleIngestor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _summarizer = summarizer;
        _watchlists = watchlists;
        _articles = articles;
        _matches = matches;
        _stories = stories;
        _telemetry = telemetry;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Processes the blob <paramref name="blobName"/> of the articles container.</summary>
    public async Task<IngestResult> IngestAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        using var trace = IngestTelemetry.StartArticle(blobName);
        var started = Stopwatch.GetTimestamp();
        var result = await IngestBlobAsync(blobName, cancellationToken);
        _telemetry.Record(result, Stopwatch.GetElapsedTime(started));
        return result;
    }

    private async Task<IngestResult> IngestBlobAsync(string blobName, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);
        var id = TableKeys.ArticleId(blobName);
        if (BlobNames.Unaddressable(blobName) is { } unaddressable)
        {
            return await RecordProblemAsync(id, blobName, null, ArticleStatus.Rejected, unaddressable, cancellationToken);
        }

        DownloadedBlob? blob;
        Article? previous;
        using (_telemetry.Stage("download"))
        {
            // The article as processed before (its story is kept) is read while the blob downloads: in parallel, not in sequence.
            var previousRead = _articles.FindAsync(blobName, cancellationToken);
            try
            {
                blob = await DownloadAsync(blobName, cancellationToken);
            }
            catch (RequestFailedException ex) when (StorageErrors.IsPermanent(ex))
            {
                // The service refuses this request for good (a name it does not accept): retrying repeats the answer.
                await previousRead;
                return await RecordProblemAsync(id, blobName, null, ArticleStatus.Failed, "storage refused to read the blob: " + StorageErrors.Describe(ex), cancellationToken);
            }

            previous = await previousRead;
        }

        if (blob is null)
        {
            _logger.LogWarning("Blob {ArticleName} no longer exists; nothing to process", blobName);
            return new IngestResult(id, blobName, null, "the blob no longer exists", 0, null);
        }

        if (blob.Content is null)
        {
            var reason = $"too large: {blob.Version.Bytes:N0} bytes is over the {_options.MaxArticleBytes:N0}-byte limit";
            return await RecordProblemAsync(id, blobName, blob, ArticleStatus.Rejected, reason, cancellationToken);
        }

        try
        {
            return await ProcessAsync(id, blobName, blob, blob.Content, previous?.Story, cancellationToken);
        }
        catch (ArticleRejectedException ex)
        {
            return await RecordProblemAsync(id, blobName, blob, ArticleStatus.Rejected, ex.Message, cancellationToken);
        }
        catch (Exception ex) when (ex is not (RequestFailedException or OperationCanceledException))
        {
            // A defect met on this content: retrying the same bytes would fail the same way, so the failure
            // is recorded (and logged as an error) instead of sending the blob round the retry loop.
            _logger.LogError(ex, "Processing {ArticleName} failed", blobName);
            return await RecordProblemAsync(id, blobName, blob, ArticleStatus.Failed, $"processing failed: {ex.Message}", cancellationToken);
        }
    }

    private async Task<IngestResult> ProcessAsync(string id, string blobName, DownloadedBlob blob, byte[] content, string? previousStory, CancellationToken cancellationToken)
    {
        ArticleDocument document;
        using (_telemetry.Stage("read"))
        {
            document = ArticleReader.Read(content, blobName, blob.Metadata);
        }

        Summary summary;
        using (_telemetry.Stage("summarize"))
        {
            summary = await _summarizer.SummarizeAsync(new SummaryRequest(document.Title, document.Body), cancellationToken);
        }

        IReadOnlyList<WatchlistMatch> matches;
        using (_telemetry.Stage("match"))
        {
            var matcher = await _watchlists.GetMatcherAsync(cancellationToken);
            // A deployment check's article (newsalerts smoke) goes the whole way but must reach no subscriber's digest.
            matches = blob.Metadata.ContainsKey(SmokeCheck.MetadataKey) ? [] : matcher.Match(document.Title, document.Body);
        }

        var now = _time.GetUtcNow();
        string storyId;
        using (_telemetry.Stage("story"))
        {
            // Stories are windows of publication time, so a backfill of last year's articles groups them as they happened.
            storyId = await _stories.AssignAsync(id, document.Title, document.Body, document.PublishedAt ?? now, previousStory, cancellationToken);
        }

        var article = new ProcessedArticle(id, blobName, document, summary, storyId, matches, blob.Version, now);
        using (_telemetry.Stage("persist"))
        {
            // The article's row goes last: an article shows as processed only once its matches are stored.
            await _matches.SaveAsync(article, cancellationToken);
            await _articles.SaveProcessedAsync(article, cancellationToken);
        }

        _logger.LogInformation(
            "Processed {ArticleName} as {ArticleId}: {MatchCount} matches, summary by {Summarizer}",
            blobName, id, matches.Count, summary.Summarizer);
        return new IngestResult(id, blobName, ArticleStatus.Processed, null, matches.Count, blob.Version.ETag);
    }

    /// <summary>
    /// Records that a host gave up on the blob <paramref name="blobName"/> after <paramref name="attempts"/> tries
    /// that threw (<paramref name="error"/> is the last one, as <see cref="StorageErrors.Describe"/> tells it), so the
    /// article shows as failed rather than not at all. Only the status fields are merged, so what an earlier version stored survives.
    /// </summary>
    public async Task RecordGivenUpAsync(string blobName, int attempts, string error, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        await _articles.RecordProblemAsync(blobName, ArticleStatus.Failed, $"gave up after {(attempts == 1 ? "1 try" : $"{attempts} tries")}: {error}", null, _time.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Records a rejection or failure by merging only the status fields, so a good earlier version's
    /// title, summary and matches survive a bad re-upload.
    /// </summary>
    private async Task<IngestResult> RecordProblemAsync(string id, string blobName, DownloadedBlob? blob, ArticleStatus status, string reason, CancellationToken cancellationToken)
    {
        await _articles.RecordProblemAsync(blobName, status, reason, blob?.Version, _time.GetUtcNow(), cancellationToken);
        _logger.LogWarning("Article {ArticleName} {Status}: {Reason}", blobName, status.ToString().ToLowerInvariant(), reason);
        return new IngestResult(id, blobName, status, reason, 0, blob?.Version.ETag);
    }

    private async Task<DownloadedBlob?> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        Response<Azure.Storage.Blobs.Models.BlobDownloadStreamingResult> response;
        try
        {
            response = await _storage.ArticlesContainer.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        using var download = response.Value;
        var details = download.Details;
        var length = details.ContentLength;
        var metadata = details.Metadata.ToDictionary(StringComparer.OrdinalIgnoreCase);
        if (length > _options.MaxArticleBytes)
        {
            // Not read: the size alone decides, and reading 2 GB to reject it would be the real failure.
            return new DownloadedBlob(null, new BlobVersion(details.ETag.ToString(), length), metadata);
        }

        var buffer = new byte[length];
        await download.Content.ReadExactlyAsync(buffer, cancellationToken);
        return new DownloadedBlob(buffer, new BlobVersion(details.ETag.ToString(), length), metadata);
    }

    private sealed record DownloadedBlob(byte[]? Content, BlobVersion Version, IReadOnlyDictionary<string, string> Metadata);
}
