using System.Net;

namespace NewsAlerts.Matching;

public class QueryMatchingTests
{
    private static WatchlistMatch? Match(string query, string title, string body, bool stem = false) =>
        WatchlistMatcher.Compile([new WatchlistDefinition("a@example.com", "W", [], query, stem)]).Match(title, body).SingleOrDefault();

    private static bool Matches(string query, string body, bool stem = false) => Match(query, string.Empty, body, stem) is not null;

    // The table of named cases: each row is a behaviour a reader expects, by script.
    [Theory]
    // Latin: case, diacritics, hyphens, apostrophes, quotes, spaces, whole words.
    [InlineData("case", "PUTIN", "putin met officials", true)]
    [InlineData("diacritics in text", "Pyongyang", "talks in Pyŏngyang", true)]
    [InlineData("diacritics in query", "Pyŏngyang", "talks in Pyongyang", true)]
    [InlineData("decomposed diacritics", "Pyongyang", "talks in Pyo\u0306ngyang", true)]
    [InlineData("hyphenated query, hyphenated text", "\"Kim Jong-un\"", "Kim Jong-un spoke", true)]
    [InlineData("hyphenated query, spaced text", "\"Kim Jong-un\"", "Kim Jong Un spoke", true)]
    [InlineData("hyphenated query, joined text", "\"Kim Jong-un\"", "Kim Jongun spoke", true)]
    [InlineData("spaced query, joined text", "\"Kim Jong Un\"", "Kim Jongun spoke", false)]
    [InlineData("spaced query, hyphenated text", "\"Kim Jong Un\"", "Kim Jong-un spoke", true)]
    [InlineData("possessive", "Putin", "Putin's visit", true)]
    [InlineData("typographic possessive", "Putin", "Putin’s visit", true)]
    [InlineData("possessive in the query", "\"Putin's visit\"", "Putin visit", true)]
    [InlineData("typographic quotes in text", "\"the deal\"", "“the deal” was signed", true)]
    [InlineData("non-breaking spaces", "\"Kim Jong Un\"", "Kim\u00A0Jong\u00A0Un spoke", true)]
    [InlineData("whole words only", "Putin", "Rasputin was a mystic", false)]
    [InlineData("no partial word", "bank", "banking sector", false)]
    [InlineData("prefix", "bank*", "banking sector", true)]
    [InlineData("prefix is whole-word anchored", "ank*", "banking sector", false)]
    [InlineData("ligature", "office", "the ofﬁce", true)]
    [InlineData("full-width letters", "abc", "ＡＢＣ news", true)]
    [InlineData("letters with a stroke", "Lodz", "in Łódź", true)]
    // Korean: particles attach to the noun.
    [InlineData("Korean particle 에서", "서울", "서울에서 회담이 열렸다", true)]
    [InlineData("Korean particle 의", "서울", "서울의 날씨", true)]
    [InlineData("Korean plural and particle", "학생", "학생들이 모였다", true)]
    [InlineData("Korean word with its particle", "서울에서", "서울에서 회담", true)]
    [InlineData("Korean particle in query is exact", "서울에서", "서울의 날씨", false)]
    [InlineData("Korean compound is another word", "서울", "서울대 입학", false)]
    [InlineData("Korean phrase", "\"김정은 위원장\"", "김정은 위원장이 방문했다", true)]
    // Cyrillic: case and ё/е fold; inflections need a prefix.
    [InlineData("Cyrillic case", "Москва", "МОСКВА заявила", true)]
    [InlineData("Cyrillic yo", "Королёв", "город Королев", true)]
    [InlineData("Cyrillic inflection is another word", "Москва", "в Москве", false)]
    [InlineData("Cyrillic prefix for inflections", "Москв*", "в Москве", true)]
    // Chinese and Japanese: no spaces; a term matches inside a run of characters.
    [InlineData("Chinese inside a run", "北京", "中国北京市政府", true)]
    [InlineData("Chinese order matters", "北京", "京北", false)]
    [InlineData("Japanese kanji inside a run", "東京", "東京都で会議", true)]
    [InlineData("Japanese katakana", "ロシア", "ロシアの大統領", true)]
    [InlineData("Japanese hiragana particle", "\"東京 で\"", "東京で会議", true)]
    // Operators.
    [InlineData("AND", "putin xi", "Putin met Xi", true)]
    [InlineData("AND needs both", "putin xi", "Putin met Biden", false)]
    [InlineData("OR", "putin OR xi", "Xi spoke", true)]
    [InlineData("exclusion", "putin -football", "Putin watched football", false)]
    [InlineData("phrase exclusion", "putin -\"world cup\"", "Putin and the cup of the world", true)]
    [InlineData("phrase exclusion hit", "putin -\"world cup\"", "Putin at the World Cup", false)]
    [InlineData("group", "(putin OR xi) summit", "Xi at the summit", true)]
    [InlineData("NEAR within", "putin NEAR/2 xi", "Putin and then Xi", true)]
    [InlineData("NEAR either order", "putin NEAR/2 xi", "Xi and then Putin", true)]
    [InlineData("NEAR too far", "putin NEAR/1 xi", "Putin and then Xi", false)]
    [InlineData("NEAR/0 is adjacent", "putin NEAR/0 xi", "Xi Putin", true)]
    [InlineData("NEAR needs two words", "putin NEAR/3 putin", "Putin spoke", false)]
    [InlineData("NEAR of a phrase", "\"central bank\" NEAR/3 rates", "rates held by the central bank", true)]
    [InlineData("phrase is in order", "\"central bank\"", "bank central", false)]
    [InlineData("punctuation inside a phrase is ignored", "\"Kim Jong Un\"", "Kim Jong, Un spoke", true)]
    public void NamedCases(string name, string query, string body, bool expected)
    {
        Assert.True(expected == Matches(query, body), name);
    }

    [Fact]
    public void TitleRestrictsAClauseToTheTitle()
    {
        Assert.NotNull(Match("title:putin", "Putin visits Beijing", "Talks began."));
        Assert.Null(Match("title:putin", "Talks in Beijing", "Putin arrived."));
        Assert.NotNull(Match("title:\"Kim Jong-un\" visit", "Kim Jongun in Moscow", "The visit began."));
        Assert.Null(Match("putin -title:football", "Football final", "Putin watched."));
        Assert.NotNull(Match("putin -title:football", "Final", "Putin watched football."));
    }

    [Fact]
    public void PhrasesAndNearDoNotJoinTitleAndBody()
    {
        Assert.Null(Match("\"central bank\"", "The central", "bank acted"));
        Assert.Null(Match("putin NEAR/100 xi", "Putin", "Xi"));
    }

    [Fact]
    public void StemmingIsPerWatchlist()
    {
        Assert.False(Matches("visit", "Putin visited Beijing"));
        Assert.True(Matches("visit", "Putin visited Beijing", stem: true));
        Assert.True(Matches("visits", "a visiting delegation", stem: true));
        Assert.True(Matches("\"state visit\"", "state visits resumed", stem: true));
        Assert.False(Matches("visit", "visitor numbers", stem: true));
        Assert.True(Matches("news", "news today", stem: true));

        var matcher = WatchlistMatcher.Compile(
        [
            new WatchlistDefinition("a@example.com", "Stemmed", [], "visit", Stem: true),
            new WatchlistDefinition("b@example.com", "Exact", [], "visit"),
        ]);
        Assert.Equal(["Stemmed"], matcher.Match("Putin visited", string.Empty).Select(m => m.Watchlist));
        Assert.Equal(["Stemmed", "Exact"], matcher.Match("Putin visit", string.Empty).Select(m => m.Watchlist));
    }

    [Fact]
    public void PlainTermsAndQueriesShareOneMatcher()
    {
        var matcher = WatchlistMatcher.Compile(
        [
            new WatchlistDefinition("a@example.com", "Terms", ["Rotterdam", "dock workers"]),
            new WatchlistDefinition("b@example.com", "Query", [], "strike NEAR/3 (port OR dock)"),
            new WatchlistDefinition("c@example.com", "Bad", [], "\"unbalanced"),
            new WatchlistDefinition("d@example.com", "Other", [], "volcano"),
        ]);
        Assert.Equal(3, matcher.WatchlistCount);
        Assert.Equal("unbalanced quote at 1", Assert.Single(matcher.Skipped).Reason);
        var matches = matcher.Match("Strike", "Dock workers in Rotterdam began a strike at the port.");
        Assert.Equal(["Terms", "Query"], matches.Select(m => m.Watchlist));
        Assert.Equal(["dock workers", "Rotterdam"], matches[0].Terms);
        Assert.Equal(["strike", "dock", "port"], matches[1].Terms);
    }

    [Fact]
    public void HitsCarryTermFieldOffsetAndWordPosition()
    {
        const string Title = "Kim Jong-un’s visit";
        const string Body = "Officials said Kim Jongun would visit again.";
        var match = Match("\"Kim Jong-un\" visit", Title, Body)!;
        Assert.Equal(["Kim Jong-un", "visit"], match.Terms);
        Assert.Equal(
            [
                new MatchHit("Kim Jong-un", MatchField.Title, 0, 11, 0),
                new MatchHit("visit", MatchField.Title, 14, 5, 3),
                new MatchHit("Kim Jong-un", MatchField.Body, 15, 10, 2),
                new MatchHit("visit", MatchField.Body, 32, 5, 5),
            ],
            match.Hits);
        Assert.Equal("Kim Jong-un", Title.Substring(match.Hits[0].Start, match.Hits[0].Length));
        Assert.Equal("Kim Jongun", Body.Substring(match.Hits[2].Start, match.Hits[2].Length));
    }

    [Fact]
    public void ScoreRewardsDistinctTermsAndTitleHits()
    {
        var one = Match("putin OR xi", "News", "Putin spoke.")!.Score;
        var repeated = Match("putin OR xi", "News", "Putin spoke. Putin left. Putin again. Putin. Putin. Putin. Putin.")!.Score;
        var two = Match("putin OR xi", "News", "Putin met Xi.")!.Score;
        var title = Match("putin OR xi", "Putin", "He spoke.")!.Score;
        Assert.Equal(1.0, one);
        Assert.Equal(1.5, repeated);
        Assert.Equal(2.0, two);
        Assert.Equal(2.0, title);
        Assert.True(Match("putin OR xi", "Putin and Xi", "Putin met Xi.")!.Score > two);
        Assert.Equal(2.2, MatchScore.Of([(true, 3)]));
    }

    [Fact]
    public void SnippetMarksTheHits()
    {
        var body = string.Join(' ', Enumerable.Repeat("filler", 40)) + " the dock workers of Rotterdam walked out " + string.Join(' ', Enumerable.Repeat("tail", 40));
        var match = Match("Rotterdam OR \"dock workers\"", "Title", body)!;
        var snippet = Assert.Single(match.Snippets);
        Assert.StartsWith("…", snippet.Text, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet.Text, StringComparison.Ordinal);
        Assert.True(snippet.Text.Length < 260, snippet.Text);
        Assert.Equal(["dock workers", "Rotterdam"], snippet.Marks.Select(m => snippet.Text.Substring(m.Start, m.Length)));
        Assert.Contains("the *dock workers* of *Rotterdam* walked", snippet.ToMarkedText(), StringComparison.Ordinal);
        Assert.Equal(snippet.Text, match.Snippet);
    }

    [Fact]
    public void SecondSnippetShowsTermsFoundElsewhere()
    {
        var filler = string.Join(' ', Enumerable.Repeat("filler", 60));
        var match = Match("putin OR xi", "Title", $"Putin spoke first. {filler} Later Xi answered.")!;
        Assert.Equal(2, match.Snippets.Count);
        Assert.Contains("*Putin*", match.Snippets[0].ToMarkedText(), StringComparison.Ordinal);
        Assert.Contains("*Xi*", match.Snippets[1].ToMarkedText(), StringComparison.Ordinal);

        var close = Match("putin OR xi", "Title", $"{filler} Putin met Xi. {filler} Putin again. {filler}")!;
        Assert.Single(close.Snippets);
    }

    [Fact]
    public void TitleOnlyHitTakesTheSnippetFromTheTitle()
    {
        var snippet = Assert.Single(Match("rotterdam", "Rotterdam strike", "Nothing else here.")!.Snippets);
        Assert.Equal("*Rotterdam* strike", snippet.ToMarkedText());
    }

    [Fact]
    public void SnippetMarksSurviveWhitespaceAndEncoding()
    {
        var match = Match("\"central bank\"", "T", "The <b>central\n\n  bank</b> & co")!;
        var snippet = Assert.Single(match.Snippets);
        Assert.Equal("The <b>central bank</b> & co", snippet.Text);
        Assert.Equal("The &lt;b&gt;<mark>central bank</mark>&lt;/b&gt; &amp; co", snippet.Render(WebUtility.HtmlEncode, "<mark>", "</mark>"));
    }

    [Fact]
    public void ExcludedTermsAreNotReported()
    {
        var match = Match("putin -(football NEAR/5 final)", "T", "Putin spoke about football.")!;
        Assert.Equal(["putin"], match.Terms);
    }
}
