using Microsoft.Extensions.Options;
using NewsAlerts.Email;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Digests;

public class DigestSnippetTests
{
    private static readonly DigestComposer Composer = new(Options.Create(new EmailOptions { From = "NewsAlerts <digest@alerts.example>" }));

    private static MatchSnippet Snippet(string text, string hit) => new(text, [new SnippetMark(text.IndexOf(hit, StringComparison.Ordinal), hit.Length)]);

    [Fact]
    public void DigestShowsTheSnippetWithHitsMarkedAndEverythingElseEncoded()
    {
        var story = new DigestStory("s", "T", null, null, [], ["W"], ["Rotterdam"], "x", 1, [Snippet("<b>dock</b> & Rotterdam walked", "Rotterdam")]);
        var message = Composer.Compose("a@example.com", "d", [story]);
        Assert.Contains("&lt;b&gt;dock&lt;/b&gt; &amp; <mark>Rotterdam</mark> walked", message.HtmlBody, StringComparison.Ordinal);
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
