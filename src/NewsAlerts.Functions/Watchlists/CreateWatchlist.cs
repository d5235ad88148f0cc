using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions.Watchlists;

/// <summary><c>POST /api/watchlists</c> with <c>{"email", "name", "terms": [...], "timeZone"}</c>: 201 created, 200 replaced, 400 problem details.</summary>
public sealed class CreateWatchlist
{
    private readonly WatchlistService _watchlists;

    public CreateWatchlist(WatchlistService watchlists) => _watchlists = watchlists;

    [Function(nameof(CreateWatchlist))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "watchlists")] HttpRequest request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await HttpResults.UnlessInvalidAsync(async () =>
        {
            var body = await WatchlistRequestBody.ReadAsync(request.Body, context.CancellationToken);
            var saved = await _watchlists.AddAsync(body, context.CancellationToken);
            var view = WatchlistView.Of(saved.Subscriber, saved.Watchlist);
            return saved.Created ? HttpResults.Created(view) : HttpResults.Json(view);
        });
    }
}
