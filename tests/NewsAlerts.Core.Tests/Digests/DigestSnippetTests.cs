using Microsoft.Extensions.Options;
using NewsAlerts.Email;
using NewsAlerts.Matching;

namespace NewsAlerts.Digests;

public class DigestSnippetTests
{
    private static readonly DigestComposer Composer = new(Options.Create(new EmailOptions { From = "NewsAlerts <digest@alerts.example>" }), Options.Create(new DigestsOptions()));

    private static MatchSnippet Snippet(string text, string hit) => new(text, [new SnippetMark(text.IndexOf(hit, StringComparison.Ordinal), hit.Length)]);

    [Fact]
    public void DigestShowsTheSnippetWithHitsMarkedAndEverythingElseEncoded()
    {
        var story = new DigestStory { StoryId = "s", Title = "T", Watchlists = ["W"], Terms = ["Rotterdam"], Snippets = [Snippet("<b>dock</b> & Rotterdam walked", "Rotterdam")] };
        var message = Composer.Compose("a@example.com", "d", [story]);
        Assert.Contains("&lt;b&gt;dock&lt;/b&gt; &amp; <mark class=\"na-mark\" style=\"background:#fde68a;color:#111827;padding:0 2px;border-radius:2px;\">Rotterdam</mark> walked", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("\"<b>dock</b> & *Rotterdam* walked\"", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void StoryTakesTheSnippetsOfItsBestScoringMatch()
    {
        var weak = new DigestItem { ArticleId = "a", Title = "T", StoryId = "s", Watchlist = "A", Terms = ["x"], Score = 1, Snippets = [Snippet("weak x", "x")] };
        var strong = weak with { ArticleId = "b", Watchlist = "B", Score = 3, Snippets = [Snippet("strong x", "x")] };
        var story = Assert.Single(DigestStory.Group([weak, strong]));
        Assert.Equal("strong x", Assert.Single(story.Snippets!).Text);
    }
}
