using NewsAlerts.Digests;

namespace NewsAlerts.Digests;

public class DigestStoryTests
{
    private static DigestItem Item(string article, string story, string watchlist, string? source = null, int minute = 0, string[]? terms = null, string? summary = "S") => new()
    {
        ArticleId = article,
        Title = "Title " + article,
        Summary = summary,
        Source = source,
        StoryId = story,
        Watchlist = watchlist,
        Terms = terms ?? ["t"],
        MatchedAt = new DateTimeOffset(2026, 11, 24, 9, minute, 0, TimeSpan.Zero),
    };

    [Fact]
    public void ArticlesOfOneStoryAreShownOnceWithAllTheirSourcesAndWatchlists()
    {
        var stories = DigestStory.Group(
        [
            Item("a1", "s1", "Markets", "Capital Ledger", 1),
            Item("a2", "s1", "Markets", "Wire", 2),
            Item("a2", "s1", "Banks", "Wire", 2),
        ]);
        var story = Assert.Single(stories);
        Assert.Equal(2, story.ArticleCount);
        Assert.Equal([new DigestSource("Capital Ledger"), new DigestSource("Wire")], story.Sources);
        Assert.Equal(["Markets", "Banks"], story.Watchlists);
        Assert.Equal("Title a1", story.Title);
    }

    [Fact]
    public void EverySourceKeepsTheLinkToItsOwnReport()
    {
        var stories = DigestStory.Group(
        [
            Item("a1", "s1", "Markets", "Capital Ledger", 1) with { Url = "https://ledger.example/a1" },
            Item("a2", "s1", "Markets", "Wire", 2) with { Url = "https://wire.example/a2" },
            Item("a3", "s1", "Markets", "wire", 3) with { Url = "https://wire.example/a3" },
            Item("a4", "s1", "Markets", null, 4) with { Url = "https://herald.example/a4" },
            Item("a5", "s1", "Markets", null, 5),
        ]);

        Assert.Equal(
            [new DigestSource("Capital Ledger", "https://ledger.example/a1"), new DigestSource("Wire", "https://wire.example/a2"), new DigestSource("herald.example", "https://herald.example/a4")],
            Assert.Single(stories).Sources);
    }

    [Fact]
    public void StoriesHittingMoreWatchlistsComeFirstThenTheMostRecent()
    {
        var stories = DigestStory.Group(
        [
            Item("old", "s-old", "A", minute: 1),
            Item("new", "s-new", "A", minute: 5),
            Item("wide", "s-wide", "A", minute: 0),
            Item("wide", "s-wide", "B", minute: 0),
        ]);
        Assert.Equal(["s-wide", "s-new", "s-old"], stories.Select(s => s.StoryId));
    }

    [Fact]
    public void TheSummaryShownIsTheFirstArticleThatHasOne()
    {
        var story = Assert.Single(DigestStory.Group([Item("a1", "s", "W", minute: 1, summary: null), Item("a2", "s", "W", minute: 2, summary: "Second")]));
        Assert.Equal("Second", story.Summary);
    }
}
