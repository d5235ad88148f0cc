using NewsAlerts.Matching;
using NewsAlerts.Matching.Queries;

namespace NewsAlerts.Watchlists;

/// <summary>
/// What a subscriber wants to hear about: either a plain list of terms and phrases, any one of which
/// matches, or a query (see <see cref="WatchlistQuery"/>).
/// </summary>
/// <param name="Email">The owner's email address.</param>
/// <param name="Name">The watchlist's name, unique per subscriber (case-insensitive).</param>
/// <param name="Terms">Words and phrases; a phrase matches its words in order, whatever separates them. Empty when <paramref name="Query"/> is given.</param>
/// <param name="Query">The query, when the watchlist is one; null for a plain list of terms.</param>
/// <param name="Stem">True to match English inflections too (<c>visit</c> matches <c>visits</c>, <c>visited</c>).</param>
public sealed record Watchlist(string Email, string Name, IReadOnlyList<string> Terms, string? Query = null, bool Stem = false)
{
    /// <summary>The watchlist as the matching engine compiles it (see <see cref="WatchlistMatcher"/>).</summary>
    public WatchlistDefinition ToDefinition() => new(Email, Name, Terms, Query, Stem);
}

/// <summary>Someone who receives digests.</summary>
/// <param name="Email">Where digests go; also the subscriber's identity.</param>
/// <param name="TimeZone">IANA time zone id (for example <c>Europe/Paris</c>) digests are scheduled in.</param>
public sealed record Subscriber(string Email, string TimeZone)
{
    /// <summary>How often they get digests.</summary>
    public Digests.DigestFrequency Frequency { get; init; } = Digests.DigestFrequency.Immediate;

    /// <summary>Local time of daily and weekly digests.</summary>
    public TimeOnly At { get; init; } = Digests.DeliverySchedule.DefaultAt;

    /// <summary>Day of weekly digests.</summary>
    public DayOfWeek Day { get; init; } = DayOfWeek.Monday;

    /// <summary>Their delivery schedule.</summary>
    public Digests.DeliverySchedule Schedule => new(Frequency, At, Day, TimeZone);
}
