using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions.Watchlists;

/// <summary><c>POST /api/watchlists</c> with <c>{"email", "name", "terms": [...], "timeZone"}</c>: 201 created, 200 replaced, 400 problem details.</summary>
public sealed class CreateWatchlist
{
    private readonly WatchlistApi _api;

    public CreateWatchlist(WatchlistApi api) => _api = api;

    [Function(nameof(CreateWatchlist))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "watchlists")] HttpRequest request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return HttpResults.From(await _api.CreateAsync(request.Body, context.CancellationToken));
    }
}
