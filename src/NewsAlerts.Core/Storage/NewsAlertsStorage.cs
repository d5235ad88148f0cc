using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using NewsAlerts.Stories;

namespace NewsAlerts.Storage;

/// <summary>
/// The tables, container and queues NewsAlerts uses, from the singleton service clients. Creates what is
/// missing once per process (<see cref="EnsureCreatedAsync"/>); in Azure the Bicep creates them first.
/// </summary>
/// <remarks>
/// Each table has one store, the only code that reads and writes it and maps its rows: the clients are made here
/// once and each goes to its store, never to the rest of Core. The container and the queues stay plain clients:
/// a blob is the uploaded bytes as they are and a queue message has its one mapping in <see cref="Digests.DigestRequest"/>,
/// so there is no row shape to guard, and what uses them (download, listing, the queue drain's visibility and
/// poison moves) is host work a store would only forward.
/// </remarks>
public sealed class NewsAlertsStorage
{
    private readonly object _gate = new();
    private readonly TableClient[] _tables;
    private Lazy<Task> _creation;

    /// <summary>Binds the clients to the configured names.</summary>
    public NewsAlertsStorage(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables, IOptions<NewsAlertsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        var articles = tables.GetTableClient(o.TablePrefix + "Articles");
        var subscribers = tables.GetTableClient(o.TablePrefix + "Subscribers");
        var digestsDue = tables.GetTableClient(o.TablePrefix + "DigestsDue");
        var watchlists = tables.GetTableClient(o.TablePrefix + "Watchlists");
        var matches = tables.GetTableClient(o.TablePrefix + "Matches");
        var digests = tables.GetTableClient(o.TablePrefix + "Digests");
        var summaries = tables.GetTableClient(o.TablePrefix + "Summaries");
        var stories = tables.GetTableClient(o.TablePrefix + "Stories");
        var storyTerms = tables.GetTableClient(o.TablePrefix + "StoryTerms");
        _tables = [articles, subscribers, digestsDue, watchlists, matches, digests, summaries, stories, storyTerms];

        Articles = new ArticleStore(ForStore(articles));
        Matches = new MatchStore(ForStore(matches), ForStore(articles));
        Subscribers = new SubscriberStore(ForStore(subscribers), ForStore(digestsDue));
        Watchlists = new WatchlistStore(ForStore(watchlists));
        Digests = new DigestStore(ForStore(digests));
        Summaries = new SummaryStore(ForStore(summaries));
        Stories = new StoryStore(ForStore(stories), ForStore(storyTerms));

        ArticlesContainer = blobs.GetBlobContainerClient(o.ArticlesContainer);
        DigestQueue = queues.GetQueueClient(o.DigestQueue);

        // The Functions host names poison queues "<queue>-poison"; the local host does the same.
        DigestPoisonQueue = queues.GetQueueClient(o.DigestQueue + "-poison");
        _creation = new Lazy<Task>(CreateAsync);
    }

    /// <summary>The container articles are uploaded to.</summary>
    public BlobContainerClient ArticlesContainer { get; }

    /// <summary>The queue of subscribers whose digest is due.</summary>
    public QueueClient DigestQueue { get; }

    /// <summary>Where digest messages go after too many failed attempts.</summary>
    public QueueClient DigestPoisonQueue { get; }

    // The stores, registered as services by the composition root: code that needs a table asks for its store.
    internal ArticleStore Articles { get; }

    internal MatchStore Matches { get; }

    internal SubscriberStore Subscribers { get; }

    internal WatchlistStore Watchlists { get; }

    internal DigestStore Digests { get; }

    internal SummaryStore Summaries { get; }

    internal StoryStore Stories { get; }

    /// <summary>Creates the tables, container and queues that do not exist yet; only the first call does work.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        Lazy<Task> creation;
        lock (_gate)
        {
            // A failed attempt (storage unreachable) is not cached: the next call tries again.
            if (_creation.IsValueCreated && _creation.Value.IsFaulted)
            {
                _creation = new Lazy<Task>(CreateAsync);
            }

            creation = _creation;
        }

        return creation.Value.WaitAsync(cancellationToken);
    }

    private StoreTable ForStore(TableClient table) => new(table, EnsureCreatedAsync);

    private async Task CreateAsync()
    {
        await Task.WhenAll(
            _tables.Select(table => (Task)table.CreateIfNotExistsAsync())
                .Append(ArticlesContainer.CreateIfNotExistsAsync())
                .Append(DigestQueue.CreateIfNotExistsAsync())
                .Append(DigestPoisonQueue.CreateIfNotExistsAsync()));
    }
}
