using System.Net;
using NewsAlerts.Functions.HostProtocol;
using NewsAlerts.Testing;
using NewsAlerts.Digests;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions.EndToEnd;

/// <summary>What the worker tells the host about its work: logs over the protocol, tied to invocations, secret-free.</summary>
public sealed class WorkerLogTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    [Fact]
    public async Task LogsArriveOverTheProtocolWithTheirInvocationAndHoldNoSecret()
    {
        await app.Storage.Get<WatchlistService>().AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        await app.UploadAsync("strike.txt", "Dock workers at Rotterdam walk out\n\nDock workers at the port of Rotterdam began a strike on Monday.");
        await app.UploadAsync("refused.txt", "Rotterdam harbour closes\n\nThe harbour of Rotterdam closed on Tuesday for a storm.");
        app.OpenAI.Script(ScriptedAnswer.Error(401, "invalid_api_key", "Access denied due to invalid subscription key."));

        // The paths that log most: a model refusing the key, a processed article, a failed and a sent digest,
        // and an unsubscribe link opened (its token is a credential: whoever has it can unsubscribe alice).
        var refused = await app.Host.InvokeBlobAsync("ProcessArticle", "refused.txt");
        var processed = await app.Host.InvokeBlobAsync("ProcessArticle", "strike.txt");
        var malformed = await app.Host.InvokeQueueAsync("SendDigest", "{}");
        await app.Host.InvokeTimerAsync("PlanDigests");
        var message = Assert.Single((await app.Storage.Get<Storage.NewsAlertsStorage>().DigestQueue.ReceiveMessagesAsync(32)).Value);
        var sent = await app.Host.InvokeQueueAsync("SendDigest", message.Body.ToString());
        var token = app.Storage.Get<UnsubscribeLinks>().CreateToken("alice@example.com");
        using var confirm = new HttpRequestMessage(HttpMethod.Get, new Uri("unsubscribe?token=" + Uri.EscapeDataString(token), UriKind.Relative));
        var (page, _) = await app.Host.InvokeHttpAsync("Unsubscribe", confirm);

        Assert.True(refused.Succeeded && processed.Succeeded && sent.Succeeded, $"{refused}\n{processed}\n{sent}");
        Assert.False(malformed.Succeeded);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(refused.Logs, log => log.Level >= RpcLog.Types.Level.Warning && log.Message.Contains("401", StringComparison.Ordinal));
        Assert.Contains(processed.Logs, log => log.Message.Contains("Processed strike.txt", StringComparison.Ordinal) && log.Category.StartsWith("NewsAlerts.", StringComparison.Ordinal));
        Assert.Single(await app.Mail.GetEmailsAsync());

        var logs = app.Host.Logs;
        Assert.DoesNotContain(logs, log => log.Category.StartsWith("Azure.", StringComparison.Ordinal) && log.Level < RpcLog.Types.Level.Warning);
        Assert.Empty(app.LogsWithSecrets(logs));
        Assert.DoesNotContain(logs, log => log.Message.Contains(token, StringComparison.Ordinal) || log.Message.Contains(Uri.EscapeDataString(token), StringComparison.Ordinal));
        Assert.DoesNotContain(app.Secrets, secret => app.Host.WorkerOutput.Contains(secret, StringComparison.Ordinal));
    }

}
