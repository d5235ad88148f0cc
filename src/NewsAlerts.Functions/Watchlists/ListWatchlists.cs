using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions.Watchlists;

/// <summary><c>GET /api/watchlists?email=…</c>: the subscriber's watchlists (an empty list for an unknown subscriber), 400 for a bad address.</summary>
public sealed class ListWatchlists
{
    private readonly WatchlistService _watchlists;

    public ListWatchlists(WatchlistService watchlists) => _watchlists = watchlists;

    [Function(nameof(ListWatchlists))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "watchlists")] HttpRequest request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await HttpResults.UnlessInvalidAsync(async () =>
        {
            var subscriber = await _watchlists.FindAsync(request.Query["email"], context.CancellationToken);
            List<WatchlistView> views = subscriber is null ? [] : [.. subscriber.Watchlists.Select(w => WatchlistView.Of(subscriber.Subscriber, w))];
            return HttpResults.Json(views);
        });
    }
}
