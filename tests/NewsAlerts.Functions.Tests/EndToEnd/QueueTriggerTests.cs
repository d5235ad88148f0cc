using NewsAlerts.Functions.HostProtocol;

namespace NewsAlerts.Functions.EndToEnd;

/// <summary>What the digest queue's function does with a message it cannot use, run by the real worker.</summary>
public sealed class QueueTriggerTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    [Theory]
    [InlineData("not json", "not a digest request")]
    [InlineData("""{"email":"alice@example.com"}""", "not a digest request: \"email\" and \"digestId\" are required")]
    public async Task AMalformedMessageFailsItsInvocationNamingTheProblemAndSendsNothing(string message, string error)
    {
        var invocation = await app.Host.InvokeQueueAsync("SendDigest", message);

        // A failed invocation is what the host counts: after maxDequeueCount (host.json) it moves the message
        // to <queue>-poison. That part is the host's, not the worker's.
        Assert.False(invocation.Succeeded);
        Assert.Contains(error, invocation.Response.Result.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(await app.Mail.GetEmailsAsync());
    }
}
