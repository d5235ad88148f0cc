using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsAlerts.Storage;

namespace NewsAlerts.Stories;

/// <summary>
/// Puts each article into a story: articles about the same event from different outlets, or the same
/// content uploaded twice, share one. Near-duplicates are found with MinHash over 4-word shingles and
/// locality-sensitive hashing (64 bands of 2 hashes: a pair at the 0.3 threshold becomes a candidate
/// with 99.8% probability), among the articles processed within <see cref="StoriesOptions.WindowHours"/>.
/// </summary>
/// <remarks>
/// The index lives in memory and is kept in step with the <c>Stories</c> table, which every host writes:
/// the window's day partitions are loaded once, and the recent ones are re-read for other hosts'
/// articles at most every <see cref="SyncInterval"/>. Two near-duplicates processed on two hosts within
/// that interval can start two stories; the digest then shows them as two.
/// </remarks>
public sealed class StoryIndex : IDisposable
{
    /// <summary>How often other hosts' new articles are read.</summary>
    public static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(5);

    /// <summary>Locality-sensitive hashing bands per signature: two articles are candidates when any band agrees.</summary>
    public const int Bands = 64;

    /// <summary>Signature hashes per band (see <see cref="MinHashSignature.BandKey"/>).</summary>
    public const int Rows = MinHashSignature.Length / Bands;

    private readonly NewsAlertsStorage _storage;
    private readonly StoriesOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StoryIndex> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, List<Entry>> _buckets = [];
    private readonly HashSet<string> _loadedDays = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSync = DateTimeOffset.MinValue;

    /// <summary>Creates the index.</summary>
    public StoryIndex(NewsAlertsStorage storage, IOptions<StoriesOptions> options, TimeProvider time, ILogger<StoryIndex> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The story of article <paramref name="articleId"/>: the story of its most similar recent article
    /// above the threshold, else the story it already had, else a new one. Records the article.
    /// </summary>
    public async Task<string> AssignAsync(string articleId, string title, string body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(articleId);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(body);
        var signature = MinHashSignature.Of(body);
        if (signature.IsEmpty)
        {
            signature = MinHashSignature.Of(title);
        }

        var now = _time.GetUtcNow();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await SyncAsync(now, cancellationToken);
            var (best, similarity) = MostSimilar(articleId, signature);
            var storyId = best?.StoryId
                ?? (_entries.TryGetValue(articleId, out var own) ? own.StoryId : "s" + articleId[..Math.Min(20, articleId.Length)]);
            var entity = new StoryEntity
            {
                PartitionKey = Day(now),
                RowKey = articleId,
                StoryId = storyId,
                Signature = signature.ToBytes(),
                ProcessedAt = now,
            };
            await _storage.Stories.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            Add(new Entry(articleId, storyId, signature, now));
            if (best is not null)
            {
                _logger.LogInformation("Article {ArticleId} joins story {StoryId} of {OtherArticleId} (similarity {Similarity:0.00})", articleId, storyId, best.ArticleId, similarity);
            }

            return storyId;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private (Entry? Best, double Similarity) MostSimilar(string articleId, MinHashSignature signature)
    {
        Entry? best = null;
        var bestSimilarity = 0.0;
        var seen = new HashSet<string>(StringComparer.Ordinal) { articleId };
        var oldest = _time.GetUtcNow() - TimeSpan.FromHours(_options.WindowHours);
        for (var band = 0; band < Bands; band++)
        {
            if (!_buckets.TryGetValue(signature.BandKey(band, Rows), out var bucket))
            {
                continue;
            }

            foreach (var candidate in bucket)
            {
                if (!seen.Add(candidate.ArticleId) || candidate.ProcessedAt < oldest)
                {
                    continue;
                }

                var similarity = signature.Similarity(candidate.Signature);
                if (similarity >= _options.Threshold && (similarity > bestSimilarity || (similarity == bestSimilarity && best is not null && candidate.ProcessedAt < best.ProcessedAt)))
                {
                    (best, bestSimilarity) = (candidate, similarity);
                }
            }
        }

        return (best, bestSimilarity);
    }

    private async Task SyncAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);
        var window = TimeSpan.FromHours(_options.WindowHours);
        for (var day = (now - window).UtcDateTime.Date; day <= now.UtcDateTime.Date; day = day.AddDays(1))
        {
            var key = Day(day);
            if (_loadedDays.Add(key))
            {
                await LoadAsync(TableClient.CreateQueryFilter($"PartitionKey eq {key}"), cancellationToken);
            }
        }

        if (now - _lastSync >= SyncInterval)
        {
            // Other hosts' articles since the last look, in the partitions they can still be writing.
            var since = _lastSync == DateTimeOffset.MinValue ? now - window : _lastSync - TimeSpan.FromMinutes(1);
            var today = Day(now);
            var yesterday = Day(now.AddDays(-1));
            await LoadAsync(TableClient.CreateQueryFilter($"(PartitionKey eq {today} or PartitionKey eq {yesterday}) and Timestamp ge {since}"), cancellationToken);
            _lastSync = now;
            Evict(now - window);
        }
    }

    private async Task LoadAsync(string filter, CancellationToken cancellationToken)
    {
        await foreach (var row in _storage.Stories.QueryAsync<StoryEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.Signature.Length == MinHashSignature.Length * sizeof(uint)
                && (!_entries.TryGetValue(row.RowKey, out var known) || known.ProcessedAt < row.ProcessedAt))
            {
                Add(new Entry(row.RowKey, row.StoryId, MinHashSignature.FromBytes(row.Signature), row.ProcessedAt));
            }
        }
    }

    private void Add(Entry entry)
    {
        if (_entries.Remove(entry.ArticleId, out var previous))
        {
            RemoveFromBuckets(previous);
        }

        _entries[entry.ArticleId] = entry;
        for (var band = 0; band < Bands; band++)
        {
            var key = entry.Signature.BandKey(band, Rows);
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                _buckets[key] = bucket = [];
            }

            bucket.Add(entry);
        }
    }

    private void Evict(DateTimeOffset oldest)
    {
        foreach (var stale in _entries.Values.Where(e => e.ProcessedAt < oldest).ToList())
        {
            _entries.Remove(stale.ArticleId);
            RemoveFromBuckets(stale);
        }

        _loadedDays.RemoveWhere(day => string.CompareOrdinal(day, Day(oldest.AddDays(-1))) < 0);
    }

    private void RemoveFromBuckets(Entry entry)
    {
        for (var band = 0; band < Bands; band++)
        {
            var key = entry.Signature.BandKey(band, Rows);
            if (_buckets.TryGetValue(key, out var bucket))
            {
                bucket.Remove(entry);
                if (bucket.Count == 0)
                {
                    _buckets.Remove(key);
                }
            }
        }
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Day(DateTime utcDay) => utcDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private sealed record Entry(string ArticleId, string StoryId, MinHashSignature Signature, DateTimeOffset ProcessedAt);
}
