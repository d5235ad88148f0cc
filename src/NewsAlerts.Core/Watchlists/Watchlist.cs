namespace NewsAlerts.Watchlists;

/// <summary>A named list of terms and phrases a subscriber wants to hear about; any one of them matches.</summary>
/// <param name="Email">The owner's email address.</param>
/// <param name="Name">The watchlist's name, unique per subscriber (case-insensitive).</param>
/// <param name="Terms">Words and phrases; a phrase matches its words in order, whatever separates them.</param>
public sealed record Watchlist(string Email, string Name, IReadOnlyList<string> Terms);

/// <summary>Someone who receives digests.</summary>
/// <param name="Email">Where digests go; also the subscriber's identity.</param>
/// <param name="TimeZone">IANA time zone id (for example <c>Europe/Paris</c>) digests are scheduled in.</param>
public sealed record Subscriber(string Email, string TimeZone);
