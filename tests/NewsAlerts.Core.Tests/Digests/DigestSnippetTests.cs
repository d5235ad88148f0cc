using Microsoft.Extensions.Options;
using NewsAlerts.Email;
using NewsAlerts.Matching;

namespace NewsAlerts.Digests;

public class DigestSnippetTests
{
    private static readonly DigestComposer Composer = new(Options.Create(new EmailOptions { From = "NewsAlerts <digest@alerts.example>" }), Options.Create(new DigestsOptions()));

    private static MatchSnippet Snippet(string text, string hit) => new(text, [new SnippetMark(text.IndexOf(hit, StringComparison.Ordinal), hit.Length)]);

    [Fact]
    public async Task DigestShowsTheSnippetWithHitsMarkedAndEverythingElseEncoded()
    {
        var story = new DigestStory { StoryId = "s", Title = "T", Watchlists = ["W"], Terms = ["Rotterdam"], Snippets = [Snippet("<b>dock</b> & Rotterdam walked", "Rotterdam")] };
        var message = await Composer.ComposeAsync("a@example.com", "d", [story]);
        Assert.Contains("&lt;b&gt;dock&lt;/b&gt; &amp; <mark class=\"na-mark\" style=\"background:#fde68a;color:#111827;padding:0 2px;border-radius:2px;\">Rotterdam</mark> walked", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("\"<b>dock</b> & *Rotterdam* walked\"", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarksThatOverlapOrRunPastTheTextAreLeftOutAndLettersStayReadable()
    {
        const string Text = "São Paulo metro opens";
        var snippet = new MatchSnippet(Text, [new SnippetMark(0, 9), new SnippetMark(4, 5), new SnippetMark(10, 50)]);
        var story = new DigestStory { StoryId = "s", Title = "T", Watchlists = ["W"], Terms = ["metro"], Snippets = [snippet] };

        var html = (await Composer.ComposeAsync("a@example.com", "d", [story])).HtmlBody;

        Assert.Contains(">São Paulo</mark> metro opens</p>", html, StringComparison.Ordinal);
        Assert.Equal("*São Paulo* metro opens", snippet.ToMarkedText());
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
