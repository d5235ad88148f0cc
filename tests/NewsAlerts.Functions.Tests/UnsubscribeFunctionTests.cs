using System.Text;
using Azure.Data.Tables;
using NewsAlerts.Articles;
using NewsAlerts.Digests;
using NewsAlerts.Functions.Digests;
using NewsAlerts.Functions.Support;
using NewsAlerts.Storage;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions;

/// <summary>The unsubscribe link, from request to page, over Azurite-backed Core.</summary>
public class UnsubscribeFunctionTests
{
    private const string Alice = "alice@example.com";
    private static readonly Dictionary<string, string?> SigningKey = new() { ["Digests:UnsubscribeSigningKey"] = "a-test-key-that-is-long-enough-to-sign-links" };

    [Fact]
    public async Task OneClickPostRemovesTheSubscriberTheirWatchlistsAndUndeliveredMatches()
    {
        await using var storage = await TestStorage.StartAsync(SigningKey);
        await SubscribeWithAMatchAsync(storage);
        var token = storage.Get<UnsubscribeLinks>().CreateToken(Alice);

        var answer = await RunAsync(storage, "POST", token);

        Assert.Equal(200, answer.StatusCode);
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains("You are unsubscribed", answer.Body, StringComparison.Ordinal);
        Assert.Contains(Alice, answer.Body, StringComparison.Ordinal);
        Assert.Empty(await storage.Get<WatchlistService>().ListAsync());
        var matches = storage.Table("Matches").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Subscriber(Alice)}"));
        Assert.Empty(await matches.ToListAsync());
        Assert.Equal(0, (await storage.Get<ArticleIngestor>().IngestAsync("strike.txt")).MatchCount);
    }

    [Fact]
    public async Task TheLinkInASentDigestUnsubscribesItsRecipient()
    {
        await using var storage = await TestStorage.StartAsync(new Dictionary<string, string?>(SigningKey) { ["Digests:PublicBaseUrl"] = "https://news.example.com" });
        await SubscribeWithAMatchAsync(storage);
        await new SendDigest(storage.Get<DigestSender>()).RunAsync(new DigestRequest(Alice, "20261124T0900Z").ToJson(), new TestFunctionContext(storage.Services));
        var digest = await MimeKit.MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(storage.Outbox, "*.eml")));
        var link = new Uri(digest.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);

        var answer = await RunAsync(storage, "POST", Uri.UnescapeDataString(link.Query["?token=".Length..]));

        Assert.Equal(200, answer.StatusCode);
        Assert.Empty(await storage.Get<WatchlistService>().ListAsync());
    }

    [Fact]
    public async Task OpeningTheLinkOnlyAsksForConfirmation()
    {
        await using var storage = await TestStorage.StartAsync(SigningKey);
        await storage.Get<WatchlistService>().AddAsync(Alice, "Ports", ["Rotterdam"]);
        var token = storage.Get<UnsubscribeLinks>().CreateToken(Alice);

        var answer = await RunAsync(storage, "GET", token);

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains("<form method=\"post\">", answer.Body, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe", answer.Body, StringComparison.Ordinal);
        Assert.Single(await storage.Get<WatchlistService>().ListAsync());
    }

    [Fact]
    public async Task ATamperedTokenIsRefusedAndNothingIsRemoved()
    {
        await using var storage = await TestStorage.StartAsync(SigningKey);
        await storage.Get<WatchlistService>().AddAsync(Alice, "Ports", ["Rotterdam"]);
        var bobsToken = storage.Get<UnsubscribeLinks>().CreateToken("bob@example.com");
        var mac = bobsToken[(bobsToken.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("4102444800:" + Alice)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + mac;

        var answers = new[] { await RunAsync(storage, "POST", forged), await RunAsync(storage, "POST", "garbage"), await RunAsync(storage, "POST", null) };

        Assert.All(answers, answer =>
        {
            Assert.Equal(400, answer.StatusCode);
            Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
            Assert.Contains("not valid", answer.Body, StringComparison.Ordinal);
        });
        Assert.Single(await storage.Get<WatchlistService>().ListAsync());
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedSayingSo()
    {
        await using var storage = await TestStorage.StartAsync(SigningKey);
        await storage.Get<WatchlistService>().AddAsync(Alice, "Ports", ["Rotterdam"]);
        var token = storage.Get<UnsubscribeLinks>().CreateToken(Alice);
        storage.Time.Advance(new DigestsOptions().UnsubscribeTokenLifetime + TimeSpan.FromMinutes(1));

        var answer = await RunAsync(storage, "POST", token);

        Assert.Equal(400, answer.StatusCode);
        Assert.Contains("expired", answer.Body, StringComparison.Ordinal);
        Assert.Single(await storage.Get<WatchlistService>().ListAsync());
    }

    [Fact]
    public async Task WithoutASigningKeyTheEndpointSaysItIsNotAvailable()
    {
        await using var storage = await TestStorage.StartAsync();

        var answer = await RunAsync(storage, "POST", "anything");

        Assert.Equal(503, answer.StatusCode);
        Assert.Contains("Digests:UnsubscribeSigningKey", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageEncodesTheAddressItShows()
    {
        await using var storage = await TestStorage.StartAsync(SigningKey);
        var token = storage.Get<UnsubscribeLinks>().CreateToken("\"<b>\"@example.com");

        var answer = await RunAsync(storage, "GET", token);

        Assert.DoesNotContain("<b>", answer.Body, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", answer.Body, StringComparison.Ordinal);
    }

    private static async Task<HttpAnswer> RunAsync(TestStorage storage, string method, string? token)
    {
        var query = token is null ? null : "?token=" + Uri.EscapeDataString(token);
        var result = await new Unsubscribe(storage.Get<UnsubscribeService>()).RunAsync(Http.Request(method, query), new TestFunctionContext(storage.Services));
        return await Http.ExecuteAsync(result);
    }

    private static async Task SubscribeWithAMatchAsync(TestStorage storage)
    {
        await storage.Get<WatchlistService>().AddAsync(Alice, "Ports", ["Rotterdam"]);
        Assert.Equal(1, (await storage.IngestAsync("strike.txt", "Dock workers at Rotterdam walk out\n\nDock workers at the port of Rotterdam began a strike on Monday.")).MatchCount);
    }
}
