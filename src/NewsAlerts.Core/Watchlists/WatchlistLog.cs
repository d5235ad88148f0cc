using Microsoft.Extensions.Logging;
using NewsAlerts.Logging;

namespace NewsAlerts.Watchlists;

/// <summary>The watchlist log lines that name a subscriber: the address is logged as a keyed hash (see <see cref="EmailAddressRedaction"/>).</summary>
internal static partial class WatchlistLog
{
    [LoggerMessage(LogLevel.Information, "Saved watchlist {Watchlist} of {Email} with {TermCount} terms, query {Query}, stemming {Stem}")]
    public static partial void Saved(this ILogger logger, string watchlist, [EmailAddressData] string email, int termCount, string? query, bool stem);

    [LoggerMessage(LogLevel.Information, "Removed watchlist {Watchlist} of {Email}")]
    public static partial void Removed(this ILogger logger, string watchlist, [EmailAddressData] string email);

    [LoggerMessage(LogLevel.Information, "Removed subscriber {Email}: {WatchlistCount} watchlists, {MatchCount} undelivered matches (existed: {Existed})")]
    public static partial void SubscriberRemoved(this ILogger logger, [EmailAddressData] string email, int watchlistCount, int matchCount, bool existed);

    [LoggerMessage(LogLevel.Warning, "Watchlist {Watchlist} of {Email} is left out of matching: {Reason}")]
    public static partial void LeftOut(this ILogger logger, string watchlist, [EmailAddressData] string email, string reason);
}
