using Azure;
using Microsoft.Extensions.Logging;
using NewsAlerts.Matching;
using NewsAlerts.Storage;

namespace NewsAlerts.Watchlists;

/// <summary>
/// Keeps every watchlist compiled into one <see cref="WatchlistMatcher"/>, rebuilt only when a watchlist
/// changes. Each check costs one point read of the watchlists' revision (<see cref="WatchlistStore.RevisionAsync"/>).
/// </summary>
public sealed class WatchlistCatalog : IDisposable
{
    private readonly WatchlistStore _watchlists;
    private readonly ILogger<WatchlistCatalog> _logger;
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private CompiledWatchlists? _current;

    /// <summary>Creates the catalog over <paramref name="watchlists"/>.</summary>
    public WatchlistCatalog(WatchlistStore watchlists, ILogger<WatchlistCatalog> logger)
    {
        _watchlists = watchlists;
        _logger = logger;
    }

    /// <summary>The matcher for the watchlists as they are now.</summary>
    public async Task<WatchlistMatcher> GetMatcherAsync(CancellationToken cancellationToken = default)
    {
        var revision = await _watchlists.RevisionAsync(cancellationToken);
        if (Current is { } current && current.Revision == revision)
        {
            return current.Matcher;
        }

        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            if (Current is { } rebuilt && rebuilt.Revision == revision)
            {
                return rebuilt.Matcher;
            }

            var watchlists = new List<Watchlist>();
            await foreach (var watchlist in _watchlists.ListAsync(cancellationToken: cancellationToken))
            {
                watchlists.Add(watchlist);
            }

            var matcher = WatchlistMatcher.Compile(watchlists.Select(watchlist => watchlist.ToDefinition()));
            foreach (var skipped in matcher.Skipped)
            {
                _logger.LeftOut(skipped.Watchlist.Name, skipped.Watchlist.Email, skipped.Reason);
            }

            Publish(revision, matcher);
            _logger.LogInformation("Compiled {WatchlistCount} watchlists at revision {Revision}", watchlists.Count, revision);
            return matcher;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    /// <summary>The matcher compiled last and the revision it was compiled at; null before the first compilation.</summary>
    /// <remarks>
    /// Read without the rebuild lock: one reference to an immutable pair, so a reader gets a revision with its own
    /// matcher. A struct of the two could be read half old, half new while a rebuild writes it.
    /// </remarks>
    internal CompiledWatchlists? Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="matcher"/>, compiled at <paramref name="revision"/>, the one readers get.</summary>
    internal void Publish(ETag revision, WatchlistMatcher matcher) => Volatile.Write(ref _current, new CompiledWatchlists(revision, matcher));

    /// <inheritdoc />
    public void Dispose() => _rebuild.Dispose();
}

/// <summary>A matcher and the watchlist revision it was compiled at, published as one immutable snapshot.</summary>
/// <param name="Revision">The ETag of the revision row the matcher was compiled at.</param>
/// <param name="Matcher">The watchlists of that revision, compiled.</param>
internal sealed record CompiledWatchlists(ETag Revision, WatchlistMatcher Matcher);
