using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using NewsAlerts.Storage;
using NewsAlerts.Matching.Text;

namespace NewsAlerts.Summaries;

/// <summary>
/// The one cache of model summaries: kept in the <c>Summaries</c> table by the hash of the article's normalized
/// words (case, diacritics, markup and spacing aside), so content seen before is never sent to the model again,
/// whether the same blob is processed again, a re-formatted copy arrives, or another host meets it, and two copies
/// arriving at once cost one request. Fallback summaries are not kept: the next copy tries the model again.
/// </summary>
/// <remarks>
/// A summary from the cache carries the tokens it cost when the model made it, so processing an article again
/// stores the same row. What was spent is counted once, by the summarizer's metrics when the model answered.
/// Each article costs one point read here, and a write when the model made a new summary.
/// </remarks>
public sealed class SummaryCache : ISummarizer
{
    private readonly ISummarizer _inner;
    private readonly SummaryStore _summaries;
    private readonly ILogger<SummaryCache> _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<Summary>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Caches the summaries of <paramref name="inner"/> in <paramref name="summaries"/>.</summary>
    public SummaryCache(ISummarizer inner, SummaryStore summaries, ILogger<SummaryCache> logger)
    {
        _inner = inner;
        _summaries = summaries;
        _logger = logger;
    }

    /// <summary>The cache key of an article: a hash of its folded words.</summary>
    public static string KeyOf(SummaryRequest article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var words = new StringBuilder(article.Title.Length + article.Body.Length);
        foreach (var token in WordTokenizer.Tokenize(article.Title))
        {
            words.Append(token.Text).Append(' ');
        }

        words.Append('\n');
        foreach (var token in WordTokenizer.Tokenize(article.Body))
        {
            words.Append(token.Text).Append(' ');
        }

        return TableKeys.Hash(words.ToString(), 16);
    }

    /// <inheritdoc />
    public async Task<Summary> SummarizeAsync(SummaryRequest article, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(article);
        var lazy = _inFlight.GetOrAdd(key, k => new Lazy<Task<Summary>>(() => LoadOrSummarizeAsync(k, article, cancellationToken)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<Summary>>>(key, lazy));
        }
    }

    private async Task<Summary> LoadOrSummarizeAsync(string key, SummaryRequest article, CancellationToken cancellationToken)
    {
        if (await _summaries.FindAsync(key, cancellationToken) is { } cached)
        {
            _logger.LogInformation("Reused the summary of identical content {SummaryKey}", key);
            return cached;
        }

        var summary = await _inner.SummarizeAsync(article, cancellationToken);
        if (!summary.FellBack)
        {
            await _summaries.SaveAsync(key, summary, cancellationToken);
        }

        return summary;
    }
}
