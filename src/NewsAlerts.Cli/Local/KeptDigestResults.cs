using System.Collections.Concurrent;
using NewsAlerts.Digests;

namespace NewsAlerts.Cli.Local;

/// <summary>
/// The digest results a caller shows, kept as a drain reports them (<see cref="DigestQueueProcessor.DrainAsync(IProgress{DigestResult}?, CancellationToken)"/>):
/// those <c>keep</c> selects, up to <c>limit</c>. A run that only counts keeps none, so its memory does not grow with
/// its subscribers. Reports come at once, from the drain's concurrent sends, not posted later as <see cref="Progress{T}"/> would.
/// </summary>
/// <param name="keep">Which results to keep.</param>
/// <param name="limit">Most results kept; later ones are not.</param>
/// <param name="onEach">Also told every result, kept or not (a progress display).</param>
internal sealed class KeptDigestResults(Func<DigestResult, bool> keep, int limit = int.MaxValue, Action<DigestResult>? onEach = null) : IProgress<DigestResult>
{
    private readonly ConcurrentQueue<DigestResult> _kept = new();
    private int _selected;

    /// <summary>Keeps every result.</summary>
    public KeptDigestResults()
        : this(_ => true)
    {
    }

    /// <summary>The results kept, in the order they were reported.</summary>
    public IReadOnlyList<DigestResult> Results => [.. _kept];

    /// <inheritdoc />
    public void Report(DigestResult value)
    {
        if (keep(value) && Interlocked.Increment(ref _selected) <= limit)
        {
            _kept.Enqueue(value);
        }

        onEach?.Invoke(value);
    }
}
