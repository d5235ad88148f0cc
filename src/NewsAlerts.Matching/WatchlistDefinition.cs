using NewsAlerts.Matching.Queries;

namespace NewsAlerts.Matching;

/// <summary>
/// A watchlist as the matcher compiles it: whose it is, its name, and what it asks for, either a plain list of
/// terms and phrases, any one of which matches, or a query (see <see cref="WatchlistQuery"/>). The host maps its
/// own watchlists to this; the matcher reports their matches by <paramref name="Email"/> and <paramref name="Name"/>.
/// </summary>
/// <param name="Email">The owner's email address, reported with each match.</param>
/// <param name="Name">The watchlist's name, reported with each match.</param>
/// <param name="Terms">Words and phrases; a phrase matches its words in order, whatever separates them. Ignored when <paramref name="Query"/> is given.</param>
/// <param name="Query">The query, when the watchlist is one; null for a plain list of terms.</param>
/// <param name="Stem">True to match English inflections too (<c>visit</c> matches <c>visits</c>, <c>visited</c>).</param>
public sealed record WatchlistDefinition(string Email, string Name, IReadOnlyList<string> Terms, string? Query = null, bool Stem = false);

/// <summary>A watchlist the matcher left out, and why.</summary>
/// <param name="Watchlist">The watchlist.</param>
/// <param name="Reason">Why it cannot be compiled (an invalid stored query).</param>
public sealed record SkippedWatchlist(WatchlistDefinition Watchlist, string Reason);
