using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Digests;

namespace NewsAlerts.Functions.Digests;

/// <summary>
/// Sends one subscriber's digest per message on <c>NewsAlerts:DigestQueue</c>. A send that throws is retried
/// by the host; after <c>extensions.queues.maxDequeueCount</c> tries the message goes to <c>&lt;queue&gt;-poison</c>,
/// where <c>newsalerts digest poison</c> lists it and <c>newsalerts digest requeue-poison</c> sends it back.
/// </summary>
public sealed class SendDigest
{
    private readonly DigestSender _sender;

    public SendDigest(DigestSender sender) => _sender = sender;

    [Function(nameof(SendDigest))]
    public async Task RunAsync([QueueTrigger("%NewsAlerts:DigestQueue%")] string message, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await _sender.SendAsync(DigestRequest.Parse(message), context.CancellationToken);
    }
}
