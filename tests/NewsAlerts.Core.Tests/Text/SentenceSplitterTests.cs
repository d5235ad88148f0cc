namespace NewsAlerts.Text;

public class SentenceSplitterTests
{
    private static List<string> Sentences(string text) =>
        SentenceSplitter.Split(text).Select(s => s.In(text).ToString()).ToList();

    [Fact]
    public void SplitsAfterTerminalPunctuationFollowedByACapital() =>
        Assert.Equal(["It rained.", "Nobody came!", "Why?", "Then it stopped."], Sentences("It rained. Nobody came! Why? Then it stopped."));

    [Fact]
    public void KeepsTitlesInitialsAndDottedAbbreviationsInsideTheSentence() =>
        Assert.Equal(
            ["Mr. Smith met Sen. Rand Paul and George W. Bush in Washington, D.C. on Friday.", "J.K. Rowling was not there."],
            Sentences("Mr. Smith met Sen. Rand Paul and George W. Bush in Washington, D.C. on Friday. J.K. Rowling was not there."));

    [Fact]
    public void EndsASentenceAfterADottedAbbreviationWhenACommonOpenerFollows() =>
        Assert.Equal(["He moved to the U.S.", "The move paid off."], Sentences("He moved to the U.S. The move paid off."));

    [Fact]
    public void KeepsUsBeforeANameTogether() =>
        Assert.Equal(["U.S. President Barack Obama spoke at 9 a.m. Eastern time."], Sentences("U.S. President Barack Obama spoke at 9 a.m. Eastern time."));

    [Fact]
    public void DoesNotSplitDecimalsPricesOrAddresses() =>
        Assert.Equal(["Shares rose 3.5% to $2.6 million at www.example.com today.", "Done."], Sentences("Shares rose 3.5% to $2.6 million at www.example.com today. Done."));

    [Fact]
    public void KeepsMonthsAndNumbersBeforeDigitsTogether() =>
        Assert.Equal(["It happened on Jan. 5 at No. 10 Downing Street.", "Nobody knew."], Sentences("It happened on Jan. 5 at No. 10 Downing Street. Nobody knew."));

    [Fact]
    public void KeepsClosingQuotesWithTheirSentence() =>
        Assert.Equal(["'I want her gone.'", "The texts were read in court.", "\"Really?\" he asked."], Sentences("'I want her gone.' The texts were read in court. \"Really?\" he asked."));

    [Fact]
    public void StartsANewSentenceAtAnOpeningQuote() =>
        Assert.Equal(["He said so.", "‘We will pay on time.’"], Sentences("He said so. ‘We will pay on time.’"));

    [Fact]
    public void TreatsLineBreaksAsHardBreaks() =>
        Assert.Equal(["By JOHN SMITH", "PUBLISHED: 10:02 EST, 5 May 2015", "The story begins here."], Sentences("By JOHN SMITH\nPUBLISHED: 10:02 EST, 5 May 2015\r\n\r\nThe story begins here."));

    [Fact]
    public void DoesNotSplitBeforeALowerCaseWord() =>
        Assert.Equal(["The meeting ended at 5 p.m. on Friday, e.g. after the vote."], Sentences("The meeting ended at 5 p.m. on Friday, e.g. after the vote."));

    [Fact]
    public void ReturnsOffsetsIntoTheOriginalText()
    {
        const string text = "  First one.   Second one.  ";

        var spans = SentenceSplitter.Split(text);

        Assert.Equal([new SentenceSpan(2, 10), new SentenceSpan(15, 11)], spans);
    }

    [Fact]
    public void ReturnsTheWholeTextWhenItHasNoPunctuation() =>
        Assert.Equal(["no punctuation at all here"], Sentences("no punctuation at all here"));

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void ReturnsNothingForBlankText(string text) => Assert.Empty(SentenceSplitter.Split(text));

    [Fact]
    public void TreatsEllipsesAsTerminators() =>
        Assert.Equal(["He paused...", "Then he left."], Sentences("He paused... Then he left."));
}
