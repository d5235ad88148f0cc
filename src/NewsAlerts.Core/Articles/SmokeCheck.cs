using System.Text;
using NewsAlerts.Storage;

namespace NewsAlerts.Articles;

/// <summary>What a smoke check saw.</summary>
/// <param name="Name">The blob it uploaded.</param>
/// <param name="Article">The row the app stored for it; null when none appeared in time.</param>
/// <param name="Elapsed">From upload to the row (or to giving up).</param>
public sealed record SmokeCheckResult(string Name, Article? Article, TimeSpan Elapsed);

/// <summary>
/// Checks a deployed app from outside, the way an upload reaches it: uploads a small marked article to the
/// articles container and waits for the app to store its row. Run after <c>azd up</c>, it proves the Event Grid
/// subscription, the trigger, the identity's data roles and the summarizer in one go.
/// </summary>
/// <remarks>
/// The article carries the blob metadata <see cref="MetadataKey"/>, so the app matches it against no watchlist:
/// a check never reaches a subscriber. Its blob and row are removed afterwards.
/// </remarks>
public sealed class SmokeCheck
{
    /// <summary>Blob metadata that marks an article as a deployment check.</summary>
    public const string MetadataKey = "newsalerts_smoke";

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly NewsAlertsStorage _storage;
    private readonly ArticleUploader _uploader;
    private readonly ArticleStore _articles;
    private readonly TimeProvider _time;

    /// <summary>Creates the check.</summary>
    public SmokeCheck(NewsAlertsStorage storage, ArticleUploader uploader, ArticleStore articles, TimeProvider time)
    {
        _storage = storage;
        _uploader = uploader;
        _articles = articles;
        _time = time;
    }

    /// <summary>Uploads the check's article and waits up to <paramref name="timeout"/> for its row.</summary>
    /// <param name="timeout">How long to wait for the app.</param>
    /// <param name="waiting">Called before each look at the table, with the time waited so far.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<SmokeCheckResult> RunAsync(TimeSpan timeout, Action<TimeSpan>? waiting = null, CancellationToken cancellationToken = default)
    {
        var started = _time.GetUtcNow();
        var name = $"newsalerts-smoke/{started.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..8]}.txt";
        var text = $"""
            NewsAlerts smoke check

            This article was uploaded by newsalerts smoke at {started:u} to check that uploads reach the app and are
            read, summarized and stored. It is matched against no watchlist, and removed once the check has seen it.
            """;
        await using (var content = new MemoryStream(Encoding.UTF8.GetBytes(text)))
        {
            await _uploader.UploadAsync(name, content, new Dictionary<string, string> { [MetadataKey] = "true" }, cancellationToken);
        }

        try
        {
            while (true)
            {
                var elapsed = _time.GetUtcNow() - started;
                waiting?.Invoke(elapsed);
                if (await _articles.FindAsync(name, cancellationToken) is { } article)
                {
                    return new SmokeCheckResult(name, article, elapsed);
                }

                if (elapsed >= timeout)
                {
                    return new SmokeCheckResult(name, null, elapsed);
                }

                await Task.Delay(PollInterval, _time, cancellationToken);
            }
        }
        finally
        {
            await _storage.ArticlesContainer.DeleteBlobIfExistsAsync(name, cancellationToken: CancellationToken.None);
            await _articles.DeleteAsync(name, CancellationToken.None);
        }
    }
}
