using Microsoft.Extensions.Logging;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Digests;

/// <summary>What an unsubscribe request came to.</summary>
public enum UnsubscribeOutcome
{
    /// <summary>The token is good: ask the subscriber to confirm (a link was opened; nothing changed).</summary>
    Confirm,

    /// <summary>The subscriber, their watchlists and their undelivered matches are removed (or were already gone).</summary>
    Unsubscribed,

    /// <summary>The token is malformed, tampered with, or signed with another key.</summary>
    InvalidToken,

    /// <summary>The token is genuine but too old.</summary>
    ExpiredToken,

    /// <summary>No signing key is configured, so no token can be checked.</summary>
    NotConfigured,
}

/// <summary>The result of <see cref="UnsubscribeService"/>: the outcome and, for a genuine token, whose it is.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Email">The subscriber named by a genuine token.</param>
public sealed record UnsubscribeResult(UnsubscribeOutcome Outcome, string? Email = null);

/// <summary>
/// Honours unsubscribe links: the entry point of the unsubscribe endpoint. Opening a link only checks it
/// (<see cref="Check"/>); a POST removes the subscriber (<see cref="UnsubscribeAsync"/>), as RFC 8058 asks,
/// because mail scanners follow links in messages on their own.
/// </summary>
public sealed class UnsubscribeService
{
    private readonly UnsubscribeLinks _links;
    private readonly WatchlistService _watchlists;
    private readonly ILogger<UnsubscribeService> _logger;

    /// <summary>Creates the service.</summary>
    public UnsubscribeService(UnsubscribeLinks links, WatchlistService watchlists, ILogger<UnsubscribeService> logger)
    {
        _links = links;
        _watchlists = watchlists;
        _logger = logger;
    }

    /// <summary>Checks <paramref name="token"/> without changing anything: <see cref="UnsubscribeOutcome.Confirm"/> when it is good.</summary>
    public UnsubscribeResult Check(string? token) => _links.Verify(token) switch
    {
        null => new UnsubscribeResult(UnsubscribeOutcome.NotConfigured),
        { Status: UnsubscribeTokenStatus.Valid } valid => new UnsubscribeResult(UnsubscribeOutcome.Confirm, valid.Email),
        { Status: UnsubscribeTokenStatus.Expired } expired => new UnsubscribeResult(UnsubscribeOutcome.ExpiredToken, expired.Email),
        _ => new UnsubscribeResult(UnsubscribeOutcome.InvalidToken),
    };

    /// <summary>
    /// Removes the subscriber <paramref name="token"/> names, with their watchlists and undelivered matches.
    /// Honouring the same token again answers <see cref="UnsubscribeOutcome.Unsubscribed"/> too.
    /// </summary>
    public async Task<UnsubscribeResult> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        var check = Check(token);
        if (check.Outcome != UnsubscribeOutcome.Confirm)
        {
            _logger.LogInformation("Unsubscribe refused: {Outcome}", check.Outcome);
            return check;
        }

        var existed = await _watchlists.RemoveSubscriberAsync(check.Email, cancellationToken);
        _logger.Unsubscribed(check.Email, existed);
        return check with { Outcome = UnsubscribeOutcome.Unsubscribed };
    }
}
