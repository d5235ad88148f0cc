using Microsoft.Extensions.Options;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Digests;

public class UnsubscribeServiceTests
{
    private const string Key = "a-test-key-that-is-long-enough-to-sign-links";

    [Fact]
    public async Task LinksPointAtThePublicApiAndCarryATokenForTheSubscriber()
    {
        await using var storage = await TestStorage.StartAsync(new Dictionary<string, string?>
        {
            ["Digests:UnsubscribeSigningKey"] = Key,
            ["Digests:PublicBaseUrl"] = "https://news.example.com/",
        });

        var link = storage.Get<UnsubscribeLinks>().CreateLink("alice@example.com")!;

        Assert.Equal("https://news.example.com/api/unsubscribe", link.GetLeftPart(UriPartial.Path));
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        Assert.Equal(new UnsubscribeResult(UnsubscribeOutcome.Confirm, "alice@example.com"), storage.Get<UnsubscribeService>().Check(token));
    }

    [Fact]
    public async Task WithoutAKeyThereIsNoLinkAndSigningNamesTheMissingSetting()
    {
        await using var storage = await TestStorage.StartAsync(new Dictionary<string, string?> { ["Digests:PublicBaseUrl"] = "https://news.example.com" });
        var links = storage.Get<UnsubscribeLinks>();

        Assert.False(links.IsConfigured);
        Assert.Null(links.CreateLink("alice@example.com"));
        Assert.Contains("Digests:UnsubscribeSigningKey", Assert.Throws<InvalidOperationException>(() => links.CreateToken("alice@example.com")).Message, StringComparison.Ordinal);
        Assert.Equal(UnsubscribeOutcome.NotConfigured, storage.Get<UnsubscribeService>().Check("anything").Outcome);
    }

    [Fact]
    public async Task UnsubscribingTwiceIsHarmless()
    {
        await using var storage = await TestStorage.StartAsync(new Dictionary<string, string?> { ["Digests:UnsubscribeSigningKey"] = Key });
        await storage.Get<WatchlistService>().AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        var service = storage.Get<UnsubscribeService>();
        var token = storage.Get<UnsubscribeLinks>().CreateToken("alice@example.com");

        var first = await service.UnsubscribeAsync(token);
        var second = await service.UnsubscribeAsync(token);

        Assert.Equal(UnsubscribeOutcome.Unsubscribed, first.Outcome);
        Assert.Equal(UnsubscribeOutcome.Unsubscribed, second.Outcome);
        Assert.Empty(await storage.Get<WatchlistService>().ListAsync());
    }

    [Fact]
    public async Task AShortKeyStopsTheHostAtStartNamingTheSetting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestStorage.StartAsync(new Dictionary<string, string?> { ["Digests:UnsubscribeSigningKey"] = "too-short" }));

        Assert.Contains("Digests:UnsubscribeSigningKey", failure.Message, StringComparison.Ordinal);
    }
}
