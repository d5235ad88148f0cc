using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using NewsAlerts.Storage;

namespace NewsAlerts.Watchlists;

/// <summary>A subscriber and their watchlists.</summary>
/// <param name="Subscriber">The subscriber.</param>
/// <param name="Watchlists">Their watchlists, by name.</param>
public sealed record SubscriberWatchlists(Subscriber Subscriber, IReadOnlyList<Watchlist> Watchlists);

/// <summary>Creates, lists and removes subscribers' watchlists: the entry point of the CLI and the HTTP API.</summary>
public sealed class WatchlistService
{
    private readonly NewsAlertsStorage _storage;
    private readonly WatchlistCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<WatchlistService> _logger;

    /// <summary>Creates the service.</summary>
    public WatchlistService(NewsAlertsStorage storage, WatchlistCatalog catalog, TimeProvider time, ILogger<WatchlistService> logger)
    {
        _storage = storage;
        _catalog = catalog;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Adds the watchlist, or replaces the subscriber's watchlist of that name. Creates the subscriber if
    /// new (time zone UTC unless given); a given time zone replaces the subscriber's.
    /// </summary>
    /// <exception cref="ValidationException">The email, name, terms or time zone is not valid; nothing was stored.</exception>
    public Task<SubscriberWatchlists> AddAsync(string? email, string? name, IReadOnlyList<string>? terms, string? timeZone = null, CancellationToken cancellationToken = default) =>
        AddAsync(email, name, terms, query: null, stem: false, timeZone, cancellationToken);

    /// <summary>
    /// Adds the watchlist, given as plain <paramref name="terms"/> (any one matches) or as a
    /// <paramref name="query"/> (see <see cref="WatchlistQuery"/>), or replaces the subscriber's watchlist of
    /// that name. Creates the subscriber if new (time zone UTC unless given); a given time zone replaces the subscriber's.
    /// </summary>
    /// <exception cref="ValidationException">
    /// The email, name, terms, query or time zone is not valid; nothing was stored. A query that does not
    /// parse is reported with field <c>query</c> and the message <c>"&lt;reason&gt; at &lt;position&gt;"</c>.
    /// </exception>
    public async Task<SubscriberWatchlists> AddAsync(
        string? email, string? name, IReadOnlyList<string>? terms, string? query, bool stem, string? timeZone = null, CancellationToken cancellationToken = default)
    {
        var (watchlist, subscriber) = WatchlistRules.Validate(email, name, terms, query, stem, timeZone);
        await _storage.EnsureCreatedAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var partition = TableKeys.Subscriber(watchlist.Email);
        var existing = await _storage.Subscribers.GetEntityIfExistsAsync<SubscriberEntity>(partition, SubscriberEntity.Row, cancellationToken: cancellationToken);
        var entity = existing.HasValue ? existing.Value! : new SubscriberEntity { PartitionKey = partition, Email = watchlist.Email, CreatedAt = now, TimeZone = "UTC" };

        // The address as first given is the subscriber's; later spellings in another case are the same person.
        watchlist = watchlist with { Email = entity.Email };
        if (!string.IsNullOrWhiteSpace(timeZone))
        {
            entity.TimeZone = subscriber.TimeZone;
        }

        await _storage.Subscribers.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        await _storage.Watchlists.UpsertEntityAsync(WatchlistEntity.From(watchlist, now), TableUpdateMode.Replace, cancellationToken);
        await _catalog.TouchAsync(cancellationToken);
        _logger.LogInformation(
            "Saved watchlist {Watchlist} of {Email} with {TermCount} terms, query {Query}, stemming {Stem}",
            watchlist.Name, watchlist.Email, watchlist.Terms.Count, watchlist.Query, watchlist.Stem);
        return (await ListAsync(watchlist.Email, cancellationToken))[0];
    }

    /// <summary>Subscribers with their watchlists: one subscriber when <paramref name="email"/> is given, else all.</summary>
    public async Task<IReadOnlyList<SubscriberWatchlists>> ListAsync(string? email = null, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);
        string? partition = email is null ? null : TableKeys.Subscriber(email);
        var subscribers = new List<SubscriberEntity>();
        var subscriberFilter = partition is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var s in _storage.Subscribers.QueryAsync<SubscriberEntity>(subscriberFilter, cancellationToken: cancellationToken))
        {
            subscribers.Add(s);
        }

        var watchlists = new Dictionary<string, List<Watchlist>>(StringComparer.Ordinal);
        var watchlistFilter = partition is null
            ? TableClient.CreateQueryFilter($"PartitionKey ne {WatchlistEntity.RevisionPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var w in _storage.Watchlists.QueryAsync<WatchlistEntity>(watchlistFilter, cancellationToken: cancellationToken))
        {
            if (!watchlists.TryGetValue(w.PartitionKey, out var list))
            {
                watchlists[w.PartitionKey] = list = [];
            }

            list.Add(w.ToWatchlist());
        }

        return subscribers
            .OrderBy(s => s.Email, StringComparer.OrdinalIgnoreCase)
            .Select(s => new SubscriberWatchlists(
                new Subscriber(s.Email, s.TimeZone),
                watchlists.TryGetValue(s.PartitionKey, out var list) ? list.OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase).ToList() : []))
            .ToList();
    }

    /// <summary>Removes the subscriber's watchlist named <paramref name="name"/>; false when there is none.</summary>
    /// <exception cref="ValidationException">The email address is not valid.</exception>
    public async Task<bool> RemoveAsync(string? email, string? name, CancellationToken cancellationToken = default)
    {
        var address = WatchlistRules.ValidateEmail(email);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ValidationException("name", "watchlist name is required");
        }

        await _storage.EnsureCreatedAsync(cancellationToken);
        // Tables answers a delete of a missing row with 404 and no exception.
        var response = await _storage.Watchlists.DeleteEntityAsync(TableKeys.Subscriber(address), TableKeys.Watchlist(name), ETag.All, cancellationToken);
        if (response.Status == 404)
        {
            return false;
        }

        await _catalog.TouchAsync(cancellationToken);
        _logger.LogInformation("Removed watchlist {Watchlist} of {Email}", name, address);
        return true;
    }
}
