using System.Net;
using System.Text;
using System.Text.Json;
using MimeKit;
using NewsAlerts.Functions.HostProtocol;
using NewsAlerts.Storage;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions.EndToEnd;

/// <summary>
/// The timer, the queue and the unsubscribe link, run by the real worker: each test has an app of its own, since
/// the planner plans for every subscriber in its tables.
/// </summary>
public sealed class DigestTriggerTests
{
    private const string Article = """
        Dock workers at Rotterdam walk out for 48 hours

        Dock workers at the port of Rotterdam began a 48-hour strike on Monday after talks over night-shift pay broke down.
        """;

    [Fact]
    public async Task EachDueSubscriberGetsOneDigestWhoseUnsubscribeLinkWorks()
    {
        await using var app = await FunctionsApp.StartAsync();
        // carol asks for a daily digest at 08:00, which is not due yet: she has just subscribed.
        foreach (var (email, schedule) in new[] { ("alice@example.com", string.Empty), ("bob@example.com", string.Empty), ("carol@example.com", "\"frequency\":\"daily\",\"at\":\"08:00\",\"timeZone\":\"Europe/Paris\",") })
        {
            var (created, _) = await app.Host.InvokeHttpAsync("CreateWatchlist", HttpMethod.Post, "watchlists", $$"""{{{schedule}}"email":"{{email}}","name":"Ports","terms":["Rotterdam"]}""");
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        await app.UploadAsync("rotterdam.txt", Article);
        Assert.True((await app.Host.InvokeBlobAsync("ProcessArticle", "rotterdam.txt")).Succeeded);

        var plan = await app.Host.InvokeTimerAsync("PlanDigests");
        var queue = app.Storage.Get<NewsAlertsStorage>().DigestQueue;
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;

        Assert.True(plan.Succeeded, plan.ToString());
        Assert.DoesNotContain(plan.Logs, log => log.Level == RpcLog.Types.Level.Warning);
        Assert.Equal(["alice@example.com", "bob@example.com"], messages.Select(m => JsonDocument.Parse(m.Body.ToString()).RootElement.GetProperty("email").GetString()).Order(StringComparer.Ordinal));
        foreach (var message in messages)
        {
            var sent = await app.Host.InvokeQueueAsync("SendDigest", message.Body.ToString(), (int)message.DequeueCount);
            Assert.True(sent.Succeeded, sent.ToString());
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        // The host can deliver a queue message twice: the second delivery sends nothing.
        Assert.True((await app.Host.InvokeQueueAsync("SendDigest", messages[0].Body.ToString(), 2)).Succeeded);
        var emails = await app.Mail.GetEmailsAsync();
        Assert.Equal(["alice@example.com", "bob@example.com"], emails.Select(e => e.GetProperty("to")[0].GetProperty("address").GetString()).Order(StringComparer.Ordinal));

        var alice = emails.Single(e => e.GetProperty("to")[0].GetProperty("address").GetString() == "alice@example.com");
        var digest = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(await app.Mail.GetSourceAsync(alice.GetProperty("id").GetString()!))));
        Assert.Contains("Dock workers at Rotterdam walk out", digest.TextBody, StringComparison.Ordinal);
        var link = new Uri(digest.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        Assert.Equal(FunctionsApp.PublicBaseUrl + "/api/unsubscribe", link.GetLeftPart(UriPartial.Path));
        var (confirm, _) = await app.Host.InvokeHttpAsync("Unsubscribe", HttpMethod.Get, "unsubscribe" + link.Query);
        var (unsubscribed, _) = await app.Host.InvokeHttpAsync("Unsubscribe", HttpMethod.Post, "unsubscribe" + link.Query);

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal("text/html", confirm.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form method=\"post\">", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        Assert.Contains("You are unsubscribed", await unsubscribed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["bob@example.com", "carol@example.com"], (await app.Storage.Get<WatchlistService>().ListAsync()).Select(s => s.Subscriber.Email).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ALateRunIsLoggedAsLateAndStillPlans()
    {
        await using var app = await FunctionsApp.StartAsync();
        await app.Storage.Get<WatchlistService>().AddAsync("alice@example.com", "Ports", ["Rotterdam"]);

        var plan = await app.Host.InvokeTimerAsync("PlanDigests", isPastDue: true);

        Assert.True(plan.Succeeded, plan.ToString());
        Assert.Contains(plan.Logs, log => log.Level == RpcLog.Types.Level.Warning && log.Message.Contains("running late", StringComparison.Ordinal));
        var message = Assert.Single((await app.Storage.Get<NewsAlertsStorage>().DigestQueue.ReceiveMessagesAsync(32)).Value);
        Assert.Contains("alice@example.com", message.Body.ToString(), StringComparison.Ordinal);
    }
}
