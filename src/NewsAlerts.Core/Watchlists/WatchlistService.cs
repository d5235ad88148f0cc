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
    private readonly SubscriberStore _subscribers;
    private readonly WatchlistStore _watchlists;
    private readonly MatchStore _matches;
    private readonly TimeProvider _time;
    private readonly ILogger<WatchlistService> _logger;

    /// <summary>Creates the service.</summary>
    public WatchlistService(SubscriberStore subscribers, WatchlistStore watchlists, MatchStore matches, TimeProvider time, ILogger<WatchlistService> logger)
    {
        _subscribers = subscribers;
        _watchlists = watchlists;
        _matches = matches;
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
        var now = _time.GetUtcNow();
        var existing = await _subscribers.FindAsync(watchlist.Email, cancellationToken);
        // Whether it is new is part of the answer: the HTTP API says 201 or 200.
        var replaced = await _watchlists.ExistsAsync(watchlist.Email, watchlist.Name, cancellationToken);

        // The address as first given is the subscriber's; later spellings in another case are the same person.
        var subscriber = existing?.Subscriber ?? new Subscriber(watchlist.Email, "UTC");
        watchlist = watchlist with { Email = subscriber.Email };
        subscriber = subscriber with
        {
            TimeZone = given.TimeZone ?? subscriber.TimeZone,
            Frequency = given.Frequency ?? subscriber.Frequency,
            At = given.At ?? subscriber.At,
            Day = given.Day ?? subscriber.Day,
        };

        await _subscribers.SaveAsync(subscriber, existing?.CreatedAt ?? now, existing?.LastPlannedPeriod, now, cancellationToken);
        await _watchlists.SaveAsync(watchlist, now, cancellationToken);
        _logger.Saved(watchlist.Name, watchlist.Email, watchlist.Terms.Count, watchlist.Query, watchlist.Stem);
        var saved = (await ListAsync(watchlist.Email, cancellationToken))[0];
        var row = TableKeys.Watchlist(watchlist.Name);
        return new SavedWatchlist(saved.Subscriber, saved.Watchlists.First(w => TableKeys.Watchlist(w.Name) == row), Created: !replaced);
    }

    /// <summary>Subscribers with their watchlists: one subscriber when <paramref name="email"/> is given, else all.</summary>
    public async Task<IReadOnlyList<SubscriberWatchlists>> ListAsync(string? email = null, CancellationToken cancellationToken = default)
    {
        var subscribers = new List<Subscriber>();
        if (email is null)
        {
            await foreach (var stored in _subscribers.ListAsync(cancellationToken))
            {
                subscribers.Add(stored.Subscriber);
            }
        }
        else if (await _subscribers.FindAsync(email, cancellationToken) is { } stored)
        {
            subscribers.Add(stored.Subscriber);
        }

        var watchlists = new Dictionary<string, List<Watchlist>>(StringComparer.Ordinal);
        await foreach (var watchlist in _watchlists.ListAsync(email, cancellationToken))
        {
            var key = TableKeys.Subscriber(watchlist.Email);
            if (!watchlists.TryGetValue(key, out var list))
            {
                watchlists[key] = list = [];
            }

            list.Add(watchlist);
        }

        return subscribers
            .OrderBy(s => s.Email, StringComparer.OrdinalIgnoreCase)
            .Select(s => new SubscriberWatchlists(
                s,
                watchlists.TryGetValue(TableKeys.Subscriber(s.Email), out var list) ? list.OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase).ToList() : []))
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

        if (!await _watchlists.DeleteAsync(address, name, cancellationToken))
        {
            return false;
        }

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
        var watchlists = await _watchlists.DeleteAllAsync(address, cancellationToken);
        var matches = await _matches.RemoveUndeliveredAsync(address, cancellationToken);
        var existed = await _subscribers.DeleteAsync(address, cancellationToken) || watchlists > 0 || matches > 0;
        _logger.SubscriberRemoved(address, watchlists, matches, existed);
        return existed;
    }
}
