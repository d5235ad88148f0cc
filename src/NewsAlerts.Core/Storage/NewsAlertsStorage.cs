using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace NewsAlerts.Storage;

/// <summary>
/// The tables, container and queues NewsAlerts uses, from the singleton service clients. Creates what is
/// missing once per process (<see cref="EnsureCreatedAsync"/>); in Azure the Bicep creates them first.
/// </summary>
public sealed class NewsAlertsStorage
{
    private readonly object _gate = new();
    private Lazy<Task> _creation;

    /// <summary>Binds the clients to the configured names.</summary>
    public NewsAlertsStorage(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables, IOptions<NewsAlertsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        Articles = tables.GetTableClient(o.TablePrefix + "Articles");
        Subscribers = tables.GetTableClient(o.TablePrefix + "Subscribers");
        Watchlists = tables.GetTableClient(o.TablePrefix + "Watchlists");
        Matches = tables.GetTableClient(o.TablePrefix + "Matches");
        Digests = tables.GetTableClient(o.TablePrefix + "Digests");
        Summaries = tables.GetTableClient(o.TablePrefix + "Summaries");
        Stories = tables.GetTableClient(o.TablePrefix + "Stories");
        StoryTerms = tables.GetTableClient(o.TablePrefix + "StoryTerms");
        ArticlesContainer = blobs.GetBlobContainerClient(o.ArticlesContainer);
        DigestQueue = queues.GetQueueClient(o.DigestQueue);

        // The Functions host names poison queues "<queue>-poison"; the local host does the same.
        DigestPoisonQueue = queues.GetQueueClient(o.DigestQueue + "-poison");
        _creation = new Lazy<Task>(CreateAsync);
    }

    /// <summary>Articles, their status, summary and matches.</summary>
    public TableClient Articles { get; }

    /// <summary>Subscribers and their time zones.</summary>
    public TableClient Subscribers { get; }

    /// <summary>Watchlists, partitioned by subscriber.</summary>
    public TableClient Watchlists { get; }

    /// <summary>Matches, partitioned by subscriber.</summary>
    public TableClient Matches { get; }

    /// <summary>Digests sent or being sent, partitioned by subscriber.</summary>
    public TableClient Digests { get; }

    /// <summary>Model summaries by normalized-content hash.</summary>
    public TableClient Summaries { get; }

    /// <summary>Stories: each one's centroid, by story id.</summary>
    public TableClient Stories { get; }

    /// <summary>The story term index: the stories each term is among the heaviest terms of.</summary>
    public TableClient StoryTerms { get; }

    /// <summary>The container articles are uploaded to.</summary>
    public BlobContainerClient ArticlesContainer { get; }

    /// <summary>The queue of subscribers whose digest is due.</summary>
    public QueueClient DigestQueue { get; }

    /// <summary>Where digest messages go after too many failed attempts.</summary>
    public QueueClient DigestPoisonQueue { get; }

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

    private async Task CreateAsync()
    {
        await Task.WhenAll(
            Articles.CreateIfNotExistsAsync(),
            Subscribers.CreateIfNotExistsAsync(),
            Watchlists.CreateIfNotExistsAsync(),
            Matches.CreateIfNotExistsAsync(),
            Digests.CreateIfNotExistsAsync(),
            Summaries.CreateIfNotExistsAsync(),
            Stories.CreateIfNotExistsAsync(),
            StoryTerms.CreateIfNotExistsAsync(),
            ArticlesContainer.CreateIfNotExistsAsync(),
            DigestQueue.CreateIfNotExistsAsync(),
            DigestPoisonQueue.CreateIfNotExistsAsync());
    }
}
