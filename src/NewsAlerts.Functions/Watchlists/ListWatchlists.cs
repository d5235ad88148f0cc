using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions.Watchlists;

/// <summary><c>GET /api/watchlists?email=…</c>: the subscriber's watchlists (an empty list for an unknown subscriber), 400 for a bad address.</summary>
public sealed class ListWatchlists
{
    private readonly WatchlistApi _api;

    public ListWatchlists(WatchlistApi api) => _api = api;

    [Function(nameof(ListWatchlists))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "watchlists")] HttpRequest request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return HttpResults.From(await _api.ListAsync(request.Query["email"], context.CancellationToken));
    }
}
