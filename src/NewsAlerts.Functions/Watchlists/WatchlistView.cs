using System.Globalization;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions.Watchlists;

/// <summary>A watchlist as the HTTP API shows it: with its owner's time zone and digest schedule.</summary>
/// <param name="Email">The owner.</param>
/// <param name="Name">The watchlist's name.</param>
/// <param name="Terms">Its terms.</param>
/// <param name="TimeZone">The owner's time zone.</param>
/// <param name="Query">Its query, when it has one instead of terms.</param>
/// <param name="Stem">Whether English inflections match too.</param>
/// <param name="Frequency">The owner's digest frequency.</param>
/// <param name="At">The local time of daily and weekly digests.</param>
/// <param name="Day">The day of weekly digests.</param>
internal sealed record WatchlistView(string Email, string Name, IReadOnlyList<string> Terms, string TimeZone, string? Query, bool Stem, string Frequency, string At, string Day)
{
    /// <summary>The view of <paramref name="watchlist"/>, owned by <paramref name="subscriber"/>.</summary>
    public static WatchlistView Of(Subscriber subscriber, Watchlist watchlist) => new(
        subscriber.Email, watchlist.Name, watchlist.Terms, subscriber.TimeZone, watchlist.Query, watchlist.Stem,
        subscriber.Frequency.ToString().ToLowerInvariant(), subscriber.At.ToString("HH:mm", CultureInfo.InvariantCulture), subscriber.Day.ToString().ToLowerInvariant());
}
