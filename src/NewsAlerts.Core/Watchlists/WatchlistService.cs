using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using NewsAlerts.Matching.Queries;
using NewsAlerts.Storage;

namespace NewsAlerts.Watchlists;

/// <summary>A subscriber and their watchlists.</summary>
/// <param name="Subscriber">The subscriber.</param>
/// <param name="Watchlists">Their watchlists, by name.</param>
public sealed record SubscriberWatchlists(Subscriber Subscriber, IReadOnlyList<Watchlist> Watchlists);

/// <summary>A watchlist as saved, with its subscriber.</summary>
/// <param name="Subscriber">The subscriber, with the settings the request gave.</param>
/// <param name="Watchlist">The watchlist as stored.</param>
/// <param name="Created">True when the subscriber had no watchlist of that name; false when it replaced one.</param>
public sealed record SavedWatchlist(Subscriber Subscriber, Watchlist Watchlist, bool Created);

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
    public Task<SavedWatchlist> AddAsync(string? email, string? name, IReadOnlyList<string>? terms, string? timeZone = null, CancellationToken cancellationToken = default) =>
        AddAsync(new WatchlistRequest { Email = email, Name = name, Terms = terms, TimeZone = timeZone }, cancellationToken);

    /// <summary>
    /// Adds the watchlist, given as plain terms (any one matches) or as a query (see <see cref="WatchlistQuery"/>),
    /// or replaces the subscriber's watchlist of that name. Creates the subscriber if new (UTC, immediate
    /// digests unless given); given subscriber settings (time zone, frequency, time, day) replace theirs.
    /// </summary>
    /// <returns>The watchlist as stored with its subscriber, and whether it is new.</returns>
    /// <exception cref="ValidationException">
    /// Something in the request is not valid; nothing was stored. A query that does not parse is reported
    /// with field <c>query</c> and the message <c>"&lt;reason&gt; at &lt;position&gt;"</c>.
    /// </exception>
    public async Task<SavedWatchlist> AddAsync(WatchlistRequest request, CancellationToken cancellationToken = default)
    {
        var (watchlist, _, given) = WatchlistRules.Validate(request);
        await _storage.EnsureCreatedAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var partition = TableKeys.Subscriber(watchlist.Email);
        var row = TableKeys.Watchlist(watchlist.Name);
        var existing = await _storage.Subscribers.GetEntityIfExistsAsync<SubscriberEntity>(partition, SubscriberEntity.Row, cancellationToken: cancellationToken);
        // Whether it is new is part of the answer: the HTTP API says 201 or 200.
        var replaced = (await _storage.Watchlists.GetEntityIfExistsAsync<TableEntity>(partition, row, select: [nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken)).HasValue;
        var entity = existing.HasValue ? existing.Value! : new SubscriberEntity { PartitionKey = partition, Email = watchlist.Email, CreatedAt = now, TimeZone = "UTC" };

        // The address as first given is the subscriber's; later spellings in another case are the same person.
        watchlist = watchlist with { Email = entity.Email };
        entity.TimeZone = given.TimeZone ?? entity.TimeZone;
        entity.Frequency = given.Frequency?.ToString().ToLowerInvariant() ?? entity.Frequency;
        entity.DeliverAt = given.At?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? entity.DeliverAt;
        entity.DeliverDay = given.Day?.ToString() ?? entity.DeliverDay;

        await _storage.Subscribers.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        await _storage.Watchlists.UpsertEntityAsync(WatchlistEntity.From(watchlist, now), TableUpdateMode.Replace, cancellationToken);
        await _catalog.TouchAsync(cancellationToken);
        _logger.Saved(watchlist.Name, watchlist.Email, watchlist.Terms.Count, watchlist.Query, watchlist.Stem);
        var saved = (await ListAsync(watchlist.Email, cancellationToken))[0];
        return new SavedWatchlist(saved.Subscriber, saved.Watchlists.First(w => TableKeys.Watchlist(w.Name) == row), Created: !replaced);
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
                s.ToSubscriber(),
                watchlists.TryGetValue(s.PartitionKey, out var list) ? list.OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase).ToList() : []))
            .ToList();
    }

    /// <summary>The subscriber <paramref name="email"/> with their watchlists; null when there is no such subscriber.</summary>
    /// <exception cref="ValidationException">The email address is not valid.</exception>
    public async Task<SubscriberWatchlists?> FindAsync(string? email, CancellationToken cancellationToken = default)
    {
        var address = WatchlistRules.ValidateEmail(email);
        return (await ListAsync(address, cancellationToken)).SingleOrDefault();
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
        _logger.Removed(name, address);
        return true;
    }

    /// <summary>
    /// Removes the subscriber: their watchlists, their undelivered matches, then their subscriber row, so a
    /// removal cut short leaves nothing that matches or gets planned and can simply be repeated. Delivered
    /// matches and digest records stay as the history of what was sent. False when there was nothing to remove.
    /// </summary>
    /// <exception cref="ValidationException">The email address is not valid.</exception>
    public async Task<bool> RemoveSubscriberAsync(string? email, CancellationToken cancellationToken = default)
    {
        var address = WatchlistRules.ValidateEmail(email);
        await _storage.EnsureCreatedAsync(cancellationToken);
        var partition = TableKeys.Subscriber(address);

        var watchlists = await DeleteRowsAsync(_storage.Watchlists, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken);
        if (watchlists > 0)
        {
            await _catalog.TouchAsync(cancellationToken);
        }

        var matches = await DeleteRowsAsync(_storage.Matches, TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Delivered eq false"), cancellationToken);
        var subscriber = await _storage.Subscribers.DeleteEntityAsync(partition, SubscriberEntity.Row, ETag.All, cancellationToken);
        var existed = subscriber.Status != 404 || watchlists > 0 || matches > 0;
        _logger.SubscriberRemoved(address, watchlists, matches, existed);
        return existed;
    }

    /// <summary>Deletes the rows of one partition that <paramref name="filter"/> selects, in batches; returns how many.</summary>
    private static async Task<int> DeleteRowsAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        foreach (var chunk in rows.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // A row went meanwhile, which fails the whole batch: delete one by one (a missing row is a 404, not an error).
                foreach (var row in chunk)
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                }
            }
        }

        return rows.Count;
    }
}
