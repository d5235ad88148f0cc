using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Digests;

namespace NewsAlerts.Functions.Digests;

/// <summary>
/// The unsubscribe link in every digest, open to anyone holding a signed token: GET shows a confirmation
/// page (mail scanners open links by themselves), POST unsubscribes, which is also RFC 8058's one-click
/// request that mail programs send for <c>List-Unsubscribe-Post</c>.
/// </summary>
public sealed class Unsubscribe
{
    private readonly UnsubscribeService _unsubscribe;

    public Unsubscribe(UnsubscribeService unsubscribe) => _unsubscribe = unsubscribe;

    [Function(nameof(Unsubscribe))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "unsubscribe")] HttpRequest request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        string? token = request.Query["token"];
        var result = HttpMethods.IsPost(request.Method)
            ? await _unsubscribe.UnsubscribeAsync(token, context.CancellationToken)
            : _unsubscribe.Check(token);
        return UnsubscribePage.Render(result);
    }
}
