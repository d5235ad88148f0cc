using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsAlerts.Email;

namespace NewsAlerts.Digests;

public class DigestUnsubscribeLinkTests
{
    private static readonly DigestStory Story = new() { StoryId = "s1", Title = "Strike at Rotterdam", Summary = "A summary.", Sources = [new("Gazette")], Watchlists = ["Ports"], Terms = ["Rotterdam"] };

    [Fact]
    public async Task ADigestCarriesAOneClickUnsubscribeLinkForItsRecipient()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var links = Links("https://news.example.com", clock);

        var message = await Composer(links).ComposeAsync("alice@example.com", "20261124T0900Z", [Story]);

        var header = message.Headers["List-Unsubscribe"];
        Assert.StartsWith("<https://news.example.com/api/unsubscribe?token=", header, StringComparison.Ordinal);
        Assert.EndsWith(">", header, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var link = header![1..^1];
        Assert.Contains("Unsubscribe: " + link, message.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"" + link + "\"", message.HtmlBody, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(new Uri(link).Query["?token=".Length..]);
        var check = links.Verify(token)!;
        Assert.Equal(UnsubscribeTokenStatus.Valid, check.Status);
        Assert.Equal("alice@example.com", check.Email);
    }

    [Fact]
    public async Task WithoutAPublicUrlOrKeyADigestHasNoUnsubscribeLink()
    {
        var clock = new FakeTimeProvider();
        var withoutUrl = await Composer(Links(null, clock)).ComposeAsync("alice@example.com", "d1", [Story]);
        var withoutKey = await Composer(new UnsubscribeLinks(Options.Create(new DigestsOptions { PublicBaseUrl = "https://news.example.com" }), clock)).ComposeAsync("alice@example.com", "d1", [Story]);

        Assert.All([withoutUrl, withoutKey], message =>
        {
            Assert.Null(message.Headers["List-Unsubscribe"]);
            Assert.DoesNotContain("Unsubscribe", message.TextBody, StringComparison.Ordinal);
        });
    }

    private static UnsubscribeLinks Links(string? publicBaseUrl, TimeProvider clock) =>
        new(Options.Create(new DigestsOptions { UnsubscribeSigningKey = "a-test-key-that-is-long-enough-to-sign-links", PublicBaseUrl = publicBaseUrl }), clock);

    private static DigestComposer Composer(UnsubscribeLinks links) =>
        new(Options.Create(new EmailOptions { From = "NewsAlerts <digest@alerts.example>" }), Options.Create(new DigestsOptions()), links);
}
