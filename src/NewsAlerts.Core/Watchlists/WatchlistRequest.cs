namespace NewsAlerts.Watchlists;

/// <summary>
/// A request to add or replace a watchlist, as the CLI (<c>watchlist add</c>) and the HTTP API
/// (<c>POST watchlists</c>) take it. Subscriber settings that are absent are kept (or defaulted for a new
/// subscriber: UTC, immediate digests).
/// </summary>
public sealed record WatchlistRequest
{
    /// <summary>The subscriber's email address.</summary>
    public string? Email { get; init; }

    /// <summary>The watchlist's name; an existing watchlist of that name is replaced.</summary>
    public string? Name { get; init; }

    /// <summary>Words and phrases; any one of them matches. Give terms or a query, not both.</summary>
    public IReadOnlyList<string>? Terms { get; init; }

    /// <summary>A query in the watchlist query language (README, "Watchlists").</summary>
    public string? Query { get; init; }

    /// <summary>Whether English inflections match too.</summary>
    public bool Stem { get; init; }

    /// <summary>The subscriber's IANA time zone.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The subscriber's digest frequency: <c>immediate</c>, <c>daily</c> or <c>weekly</c>.</summary>
    public string? Frequency { get; init; }

    /// <summary>Local time of daily and weekly digests, <c>HH:mm</c>.</summary>
    public string? At { get; init; }

    /// <summary>Day of weekly digests, e.g. <c>monday</c>.</summary>
    public string? Day { get; init; }
}
