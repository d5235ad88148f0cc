using NewsAlerts.Matching.Text;

namespace NewsAlerts.Matching;

public class WatchlistMatcherTests
{
    private static IReadOnlyList<WatchlistMatch> Match(string title, string body, params string[] terms) =>
        WatchlistMatcher.Compile([new WatchlistDefinition("a@example.com", "W", terms)]).Match(title, body);

    private static bool Matches(string body, string term) => Match(string.Empty, body, term).Count == 1;

    [Theory]
    [InlineData("Putin met officials.", "Putin", true)]
    [InlineData("Rasputin was a mystic.", "Putin", false)]
    [InlineData("Putin's visit ended.", "Putin", true)]
    [InlineData("Putin’s visit ended.", "Putin", true)]
    [InlineData("Korea and Japan met.", "Kore", false)]
    [InlineData("Kim Jong-un spoke.", "Kim Jong Un", true)]
    [InlineData("KIM JONG UN spoke.", "kim jong-un", true)]
    [InlineData("Kim\u00A0Jong\u00A0Un spoke.", "Kim Jong Un", true)]
    [InlineData("Kim Jong, Un spoke.", "Kim Jong Un", true)]
    [InlineData("Kim met Jong Un.", "Kim Jong Un", false)]
    [InlineData("Talks in Pyŏngyang.", "Pyongyang", true)]
    [InlineData("Talks in Pyongyang.", "Pyŏngyang", true)]
    [InlineData("Protests in São Paulo.", "Sao Paulo", true)]
    [InlineData("The CENTRAL BANK acted.", "central bank", true)]
    [InlineData("The central banking sector.", "central bank", false)]
    [InlineData("北京市の会議", "北京", true)]
    [InlineData("Встреча в Москве.", "Москве", true)]
    public void MatchesWholeWordsFoldedForCaseAndDiacritics(string body, string term, bool expected)
    {
        Assert.Equal(expected, Matches(body, term));
    }

    [Fact]
    public void RecordsTermsInTheOrderTheyFirstAppear()
    {
        var match = Assert.Single(Match("Strike", "Workers in Rotterdam walked out. The strike at Rotterdam spread to Antwerp.", "Antwerp", "strike", "Rotterdam"));
        Assert.Equal(["strike", "Rotterdam", "Antwerp"], match.Terms);
    }

    [Fact]
    public void SnippetShowsTheFirstBodyHitInContext()
    {
        var body = string.Join(' ', Enumerable.Repeat("filler", 60)) + " the dock workers of Rotterdam walked out " + string.Join(' ', Enumerable.Repeat("tail", 60));
        var match = Assert.Single(Match("Title", body, "Rotterdam"));
        Assert.Contains("dock workers of Rotterdam walked out", match.Snippet, StringComparison.Ordinal);
        Assert.StartsWith("…", match.Snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", match.Snippet, StringComparison.Ordinal);
        Assert.True(match.Snippet.Length < 260);
    }

    [Fact]
    public void TitleOnlyHitTakesTheSnippetFromTheTitle()
    {
        var match = Assert.Single(Match("Rotterdam strike", "Nothing else here.", "Rotterdam"));
        Assert.Equal("Rotterdam strike", match.Snippet);
    }

    [Fact]
    public void OneScanMatchesEveryWatchlistThatOwnsAFoundTerm()
    {
        var matcher = WatchlistMatcher.Compile(
        [
            new WatchlistDefinition("a@example.com", "Ports", ["Rotterdam"]),
            new WatchlistDefinition("b@example.com", "Energy", ["solar", "wind power"]),
            new WatchlistDefinition("c@example.com", "Other", ["volcano"]),
            new WatchlistDefinition("b@example.com", "Dutch", ["Rotterdam", "Amsterdam"]),
        ]);
        var matches = matcher.Match("Rotterdam goes solar", "The port of Rotterdam added wind power.");
        Assert.Equal(["a@example.com/Ports", "b@example.com/Energy", "b@example.com/Dutch"], matches.Select(m => $"{m.Email}/{m.Watchlist}"));
        Assert.Equal(["solar", "wind power"], matches[1].Terms);
    }

    [Fact]
    public void RepeatedAndOverlappingPhrasesAreFoundAtTextEdges()
    {
        var match = Assert.Single(Match(string.Empty, "new york new york times", "new york times", "york", "new york"));
        Assert.Equal(["new york", "york", "new york times"], match.Terms);
    }

    [Fact]
    public void AWordTooLongForTheFoldBufferIsFoundAndSoAreItsNeighbours()
    {
        // The scan looks each word up one word late; a word longer than its buffer is looked up at once.
        var giant = new string('x', WordTokenizer.FoldBufferLength + 44);
        var match = Assert.Single(Match(string.Empty, $"Rotterdam {giant} Antwerp {giant}", "Antwerp", giant, "Rotterdam"));
        Assert.Equal(["Rotterdam", giant, "Antwerp"], match.Terms);
        Assert.Equal([0, 1, 2, 3], match.Hits.Select(h => h.Word));
    }

    [Theory]
    [InlineData("", "Loans from the Karenko Bank rose.", "Karenko")]
    [InlineData("", "Karenko bank's loans and Dovar Bank rates.", "Karenko Dovar")]
    [InlineData("", "The bank of Karenko and Bank Dovar.", "")]
    [InlineData("Talks with Karenko", "Bank officials said no.", "")]
    [InlineData("Central", "Tessel said no.", "")]
    [InlineData("", "Tessel said no to central Tessel.", "Tessel")]
    [InlineData("Tessel talks", "Central Tessel.", "Tessel")]
    [InlineData("", "A GIANT Dovar and a GIANTx Tessel.", "Giant")]
    [InlineData("", "Dovar GIANT and GIANTs Gamma.", "")]
    public void WordsManyPhrasesShareAreCheckedNextToEachPhrasesRarestWord(string title, string body, string expected)
    {
        // "Bank", "Central" and the long word are in more phrases than the words beside them, so they anchor
        // none: the scan does not record them, and each phrase checks them next to its rarer word, in its field.
        var giant = new string('g', WordTokenizer.FoldBufferLength + 44);
        var matcher = WatchlistMatcher.Compile(
        [
            new WatchlistDefinition("a@example.com", "Karenko", ["Karenko Bank"]),
            new WatchlistDefinition("a@example.com", "Dovar", ["Dovar Bank"]),
            new WatchlistDefinition("a@example.com", "Tessel", ["Central Tessel"]),
            new WatchlistDefinition("a@example.com", "Giant", [$"{giant} Dovar"]),
            new WatchlistDefinition("a@example.com", "Others", ["Bank Alpha", "Bank Beta", "Central Gamma", "Central Delta", $"{giant} Gamma", $"{giant} Delta"]),
        ]);
        var matches = matcher.Match(title, body.Replace("GIANT", giant, StringComparison.Ordinal));
        Assert.Equal(expected, string.Join(' ', matches.Select(m => m.Watchlist)));
    }

    [Fact]
    public void EmptyMatcherMatchesNothing()
    {
        Assert.Empty(WatchlistMatcher.Empty.Match("Anything", "at all"));
    }
}
