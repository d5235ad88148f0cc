namespace NewsAlerts.Matching.Queries;

public class WatchlistQueryTests
{
    private static string Parse(string query) => WatchlistQuery.Parse(query).ToString();

    [Theory]
    [InlineData("putin", "putin")]
    [InlineData("Putin’s", "putin")]
    [InlineData("\"central bank\"", "\"central bank\"")]
    [InlineData("“central bank”", "\"central bank\"")]
    [InlineData("«central bank»", "\"central bank\"")]
    [InlineData("putin xi", "AND(putin, xi)")]
    [InlineData("putin AND xi", "AND(putin, xi)")]
    [InlineData("putin OR xi", "OR(putin, xi)")]
    [InlineData("visit Putin OR Xi", "AND(visit, OR(putin, xi))")]
    [InlineData("war or peace", "AND(war, or, peace)")]
    [InlineData("putin -football", "AND(putin, NOT(football))")]
    [InlineData("putin NOT football", "AND(putin, NOT(football))")]
    [InlineData("putin -\"world cup\"", "AND(putin, NOT(\"world cup\"))")]
    [InlineData("putin -(football OR tennis)", "AND(putin, NOT(OR(football, tennis)))")]
    [InlineData("(putin OR xi) summit", "AND(OR(putin, xi), summit)")]
    [InlineData("((putin))", "putin")]
    [InlineData("nucl*", "nucl*")]
    [InlineData("\"central ban*\"", "\"central ban*\"")]
    [InlineData("putin NEAR/5 xi", "NEAR/5(putin, xi)")]
    [InlineData("putin NEAR/0 \"xi jinping\"", "NEAR/0(putin, \"xi jinping\")")]
    [InlineData("a NEAR/3 b OR c", "OR(NEAR/3(a, b), c)")]
    [InlineData("a NEAR/3 b NEAR/2 c", "NEAR/2(NEAR/3(a, b), c)")]
    [InlineData("(a OR b) NEAR/3 c", "NEAR/3(OR(a, b), c)")]
    [InlineData("title:putin", "TITLE(putin)")]
    [InlineData("TITLE:\"kim jong un\" visit", "AND(TITLE(\"kim jong un\"), visit)")]
    [InlineData("title:(a OR b)", "TITLE(OR(a, b))")]
    [InlineData("-title:sport putin", "AND(NOT(TITLE(sport)), putin)")]
    [InlineData("subtitle:x", "\"subtitle x\"")]
    [InlineData("Jong-un", "\"jong un\"|jongun")]
    [InlineData("\"Kim Jong-un\"", "\"kim jong un\"|\"kim jongun\"")]
    [InlineData("Kim-Jong-un", "\"kim jong un\"|kimjongun")]
    [InlineData("\"Jean-Marie Le-Pen\"", "\"jean marie le pen\"|\"jeanmarie le pen\"|\"jean marie lepen\"|\"jeanmarie lepen\"")]
    [InlineData("Jong-un*", "\"jong un*\"|jongun*")]
    [InlineData("U.S.", "\"u s\"")]
    [InlineData("Pyŏngyang", "pyongyang")]
    [InlineData("서울*", "서울*")]
    [InlineData("北京", "\"北 京\"")]
    [InlineData("a\u00A0b", "AND(a, b)")]
    public void ParsesEveryConstruct(string query, string expected)
    {
        Assert.Equal(expected, Parse(query));
    }

    [Fact]
    public void TermsKeepTheirTextAsWritten()
    {
        var root = (QueryAnd)WatchlistQuery.Parse("\"Kim  Jong-un\" title:visit* -“World Cup”");
        Assert.Equal(["Kim Jong-un", "visit*", "World Cup"], new[] { root.Clauses[0], ((QueryTitle)root.Clauses[1]).Clause, ((QueryNot)root.Clauses[2]).Clause }.Cast<QueryTerm>().Select(t => t.Text));
        Assert.Equal([1, 16, 29], root.Clauses.Select(c => c.Position));
    }

    [Theory]
    [InlineData("nuclear test \"Kim Jong-un", "unbalanced quote at 14")]
    [InlineData("(putin OR xi", "unbalanced parenthesis at 1")]
    [InlineData("putin OR xi)", "unbalanced parenthesis at 12")]
    [InlineData("a (b (c)", "unbalanced parenthesis at 3")]
    [InlineData("()", "empty parentheses at 1")]
    [InlineData("", "the query is empty at 1")]
    [InlineData("   ", "the query is empty at 1")]
    [InlineData("putin OR", "OR needs a clause on both sides at 7")]
    [InlineData("OR putin", "OR needs a clause on both sides at 1")]
    [InlineData("putin OR OR xi", "OR needs a clause on both sides at 7")]
    [InlineData("putin AND", "AND needs a clause on both sides at 7")]
    [InlineData("AND putin", "AND needs a clause on both sides at 1")]
    [InlineData("putin NEAR xi", "NEAR needs a distance in words, such as NEAR/5 at 7")]
    [InlineData("putin NEAR/ xi", "NEAR needs a distance in words, such as NEAR/5 at 7")]
    [InlineData("putin NEAR/x xi", "NEAR needs a distance in words, such as NEAR/5 at 7")]
    [InlineData("putin NEAR/101 xi", "NEAR distance must be at most 100 at 7")]
    [InlineData("putin NEAR/3", "NEAR needs a clause on both sides at 7")]
    [InlineData("putin NEAR/3 (xi summit)", "NEAR needs words or phrases (or an OR of them) on both sides at 7")]
    [InlineData("putin NEAR/3 -xi", "NEAR needs words or phrases (or an OR of them) on both sides at 7")]
    [InlineData("putin - xi", "- needs a word, phrase or group right after it at 7")]
    [InlineData("putin -", "- needs a word, phrase or group right after it at 7")]
    [InlineData("putin NOT", "NOT needs a word, phrase or group after it at 7")]
    [InlineData("-football", "nothing to match: an exclusion needs a word that must appear beside it at 1")]
    [InlineData("-football -tennis", "nothing to match: the clause only excludes at 1")]
    [InlineData("putin OR -football", "nothing to match: an exclusion needs a word that must appear beside it at 10")]
    [InlineData("title:-football", "nothing to match: an exclusion needs a word that must appear beside it at 7")]
    [InlineData("nu*clear", "* must end a word at 3")]
    [InlineData("\"central b*nk\"", "* must end a word at 11")]
    [InlineData("n*", "a prefix needs at least 2 letters before * at 2")]
    [InlineData("*", "a prefix needs letters before * at 1")]
    [InlineData("title: putin", "title: needs a word, phrase or group right after it at 1")]
    [InlineData("putin & xi", "\"&\" has no letters or digits at 7")]
    [InlineData("\" !! \"", "the phrase has no letters or digits at 1")]
    public void InvalidQueryIsRefusedWithReasonAndPosition(string query, string expected)
    {
        var error = Assert.Throws<QuerySyntaxException>(() => WatchlistQuery.Parse(query));
        Assert.Equal(expected, error.Message);
        Assert.Equal(expected, $"{error.Reason} at {error.Position}");
    }

    [Fact]
    public void LimitsAreReported()
    {
        Assert.Equal("too deeply nested at 21", Assert.Throws<QuerySyntaxException>(() => WatchlistQuery.Parse(new string('(', 21) + "a" + new string(')', 21))).Message);
        Assert.Equal("the query is longer than 2,000 characters at 2001", Assert.Throws<QuerySyntaxException>(() => WatchlistQuery.Parse(new string('a', 2001))).Message);
        Assert.Equal("more than 500 words and phrases at 1", Assert.Throws<QuerySyntaxException>(() => WatchlistQuery.Parse(string.Join(' ', Enumerable.Repeat("ab", 501)))).Message);
    }

    [Fact]
    public void PlainTermsAreAnyOfThemTakenLiterally()
    {
        Assert.Equal("OR(putin, \"central bank\", \"jong un\"|jongun, \"or not\")", WatchlistQuery.FromTerms(["Putin", "central bank", "Jong-un", "OR NOT", "!!!"]).ToString());
    }
}
