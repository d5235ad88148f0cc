using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions.Watchlists;

/// <summary><c>DELETE /api/watchlists/{email}/{name}</c>: 204, 404 when there is no such watchlist, 400 for a bad address.</summary>
public sealed class DeleteWatchlist
{
    private readonly WatchlistService _watchlists;

    public DeleteWatchlist(WatchlistService watchlists) => _watchlists = watchlists;

    [Function(nameof(DeleteWatchlist))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "watchlists/{email}/{name}")] HttpRequest request,
        string email,
        string name,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await HttpResults.UnlessInvalidAsync(async () =>
            await _watchlists.RemoveAsync(email, name, context.CancellationToken)
                ? HttpResults.NoContent()
                : HttpResults.NotFound($"{email} has no watchlist named \"{name}\"."));
    }
}
