using Microsoft.Extensions.Options;
using MimeKit;
using NewsAlerts.Digests;
using NewsAlerts.Email;

namespace NewsAlerts.Digests;

public class DigestComposerTests
{
    private static readonly DigestComposer Composer = new(Options.Create(new EmailOptions { From = "NewsAlerts <digest@alerts.example>" }));

    private static DigestStory Story(string title, string? url = null, string? summary = "A summary.", string[]? watchlists = null, string[]? sources = null) =>
        new("s1", title, summary, url, sources ?? ["Gazette"], watchlists ?? ["Ports"], ["Rotterdam"], "snippet", 1);

    [Fact]
    public void DigestIsMultipartAlternativeWithTextAndHtml()
    {
        var message = Composer.Compose("alice@example.com", "20261124T0900Z", [Story("Strike at Rotterdam")]);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("alice@example.com", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("digest@alerts.example", Assert.Single(message.From.Mailboxes).Address);
        Assert.Contains("Strike at Rotterdam", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Strike at Rotterdam", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Matched Ports: Rotterdam", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Gazette", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectNamesCountWatchlistsAndTopStory()
    {
        Assert.Equal("1 new story for Ports: Strike", DigestComposer.Subject([Story("Strike")]));
        Assert.Equal(
            "3 new stories for Ports, Energy and 1 more: First",
            DigestComposer.Subject([Story("First", watchlists: ["Ports", "Energy"]), Story("Second", watchlists: ["Markets"]), Story("Third")]));
    }

    [Fact]
    public void SubjectHasNoLineBreaksFromArticleTextAndIsBounded()
    {
        var subject = DigestComposer.Subject([Story("Line one\r\nBcc: victim@example.com\n" + new string('x', 400))]);
        Assert.DoesNotContain('\n', subject);
        Assert.DoesNotContain('\r', subject);
        Assert.True(subject.Length <= DigestComposer.MaxSubjectLength);
        Assert.EndsWith("…", subject, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPieceOfArticleTextIsHtmlEncoded()
    {
        var story = new DigestStory("s", "<script>alert(1)</script> & \"quotes\"", "<img src=x onerror=alert(2)>", "https://example.org/?a=1&b=\"2\"", ["<b>Src</b>"], ["<i>W</i>"], ["<t>"], null, 1);
        var html = Composer.Compose("a@example.com", "d", [story]).HtmlBody;
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Src", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>W", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<t>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TitlesAreLinkedOnlyWhenAUrlIsKnown()
    {
        var html = Composer.Compose("a@example.com", "d", [Story("Linked", url: "https://example.org/x"), Story("Plain")]).HtmlBody!;
        Assert.Contains("<a href=\"https://example.org/x\"", html, StringComparison.Ordinal);
        Assert.Single(html.Split("<a ").Skip(1));
    }

    [Fact]
    public void MessageIdIsDerivedFromSubscriberAndDigest()
    {
        var first = Composer.Compose("Alice@Example.com", "20261124T0900Z", [Story("x")]).MessageId;
        Assert.Equal(first, Composer.Compose("alice@example.com", "20261124T0900Z", [Story("y")]).MessageId);
        Assert.NotEqual(first, Composer.Compose("alice@example.com", "20261124T1000Z", [Story("x")]).MessageId);
        Assert.EndsWith("@alerts.example", first, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlHasNoScriptsOrRemoteResources()
    {
        var html = Composer.Compose("a@example.com", "d", [Story("T")]).HtmlBody;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
    }
}
