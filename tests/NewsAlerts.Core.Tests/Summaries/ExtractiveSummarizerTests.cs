using NewsAlerts.Text;

namespace NewsAlerts.Summaries;

public class ExtractiveSummarizerTests
{
    private const string Story =
        "The city council of Lakeview voted on Tuesday to close the Harbor Street bridge for eight months of repairs after engineers found corrosion in its main supports. " +
        "The bridge carries about 30,000 vehicles a day between the east and west sides of the city, and officials expect heavy congestion on the two remaining crossings. " +
        "Mayor Ellen Ortiz said the decision was difficult but that the engineers' report left the council no choice. " +
        "\"We cannot ask people to drive over a structure that our own inspectors say is unsafe,\" she said. " +
        "The repairs are expected to cost $14 million, most of it covered by a state infrastructure grant approved last year. " +
        "Local businesses on Harbor Street warned that the closure could cut their sales by half during the busy summer season. " +
        "The council agreed to run a free shuttle bus across the river every fifteen minutes while the bridge is closed. " +
        "Work is scheduled to begin on June 1 and to finish before the end of January. " +
        "Engineers first raised concerns about the bridge in 2019, when a routine inspection found cracks in two of its steel beams. " +
        "A follow-up study this spring concluded that the corrosion had spread faster than expected. " +
        "Residents can find detour maps on the city's website.";

    private static readonly ExtractiveSummarizer Summarizer = new();

    private static Task<Summary> Summarize(string body, string title = "") => Summarizer.SummarizeAsync(new SummaryRequest(title, body));

    private static int SentenceCount(string text) => SentenceSplitter.Split(text).Count;

    [Fact]
    public async Task SummarizesANewsStoryInTwoToFourOfItsOwnSentences()
    {
        var summary = await Summarize(Story);

        Assert.InRange(SentenceCount(summary.Text), 2, 4);
        foreach (var sentence in SentenceSplitter.Split(summary.Text))
        {
            Assert.Contains(sentence.In(summary.Text).ToString(), Story, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RecordsItselfAsTheExtractiveSummarizer()
    {
        var summary = await Summarize(Story);

        Assert.Equal("extractive", summary.Summarizer);
        Assert.Null(summary.Note);
    }

    [Fact]
    public async Task StartsWithTheLeadOfAStraightNewsStory()
    {
        var summary = await Summarize(Story);

        Assert.StartsWith("The city council of Lakeview voted on Tuesday", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepsTheArticlesSentenceOrder()
    {
        var summary = await Summarize(Story);

        var positions = SentenceSplitter.Split(summary.Text).Select(s => Story.IndexOf(s.In(summary.Text).ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task GivesTheSameSummaryEveryTime()
    {
        var first = await Summarize(Story);
        var second = await new ExtractiveSummarizer().SummarizeAsync(new SummaryRequest("", Story));

        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task IsPlainTextOnOneLine()
    {
        var summary = await Summarize("First paragraph has a sentence about the storm and the damage it caused.\n\nSecond paragraph explains that the power company restored electricity to most homes by Sunday.\n\nThird paragraph says schools will reopen on Monday morning as planned.");

        Assert.DoesNotContain('\n', summary.Text);
        Assert.DoesNotContain("  ", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkipsBylinesTimestampsAndPageFurniture()
    {
        var body =
            "By JOHN SMITH\n" +
            "PUBLISHED: 10:02 EST, 5 May 2015 | UPDATED: 12:40 EST, 5 May 2015\n" +
            "Scroll down for video\n" +
            "Follow @JohnSmithNews on Twitter\n" +
            "Click here to sign up for our newsletter.\n" +
            Story + "\n" +
            "Share this withEmailFacebookMessengerTwitterPinterestWhatsAppLinkedinCopy this link\n" +
            "Media playback is not supported on this device";

        var summary = await Summarize(body);

        Assert.InRange(SentenceCount(summary.Text), 2, 4);
        foreach (var furniture in new[] { "By JOHN", "PUBLISHED", "UPDATED", "Scroll down", "Follow @", "Click here", "Share this", "Media playback" })
        {
            Assert.DoesNotContain(furniture, summary.Text, StringComparison.Ordinal);
        }

        Assert.StartsWith("The city council of Lakeview", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkipsFurnitureGluedIntoTheText()
    {
        var body = "(CNN)Scientists have found water ice in a crater near the moon's south pole, the space agency said on Monday. " +
            "Scroll down for video The discovery could supply future crews with drinking water and rocket fuel, according to the agency's chief scientist. " +
            "The crater is about 20 kilometres wide and never sees sunlight, which keeps its floor colder than minus 200 degrees.";

        var summary = await Summarize(body);

        Assert.StartsWith("Scientists have found water ice", summary.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Scroll down", summary.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("(CNN)", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DropsPictureReferencesFromChosenSentences()
    {
        var body = "Rescue workers carried the last three residents (pictured) to safety shortly after midnight on Sunday. " + Story;

        var summary = await Summarize(body);

        Assert.StartsWith("Rescue workers carried the last three residents to safety shortly after midnight on Sunday.", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoesNotRepeatASentenceThatAppearsTwice()
    {
        var first = "The city council of Lakeview voted on Tuesday to close the Harbor Street bridge for eight months of repairs after engineers found corrosion in its main supports.";
        var body = first + " " + first + " " + Story;

        var summary = await Summarize(body);

        Assert.Equal(summary.Text.IndexOf(first, StringComparison.Ordinal), summary.Text.LastIndexOf(first, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    public async Task FallsBackToTheTitleWhenTheBodyIsEmpty(string body)
    {
        var summary = await Summarize(body, title: "Harbor Street bridge to close for repairs");

        Assert.Equal("Harbor Street bridge to close for repairs", summary.Text);
        Assert.Equal("extractive", summary.Summarizer);
        Assert.Contains("title", summary.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaysWhyWhenThereIsNothingToSummarize()
    {
        var summary = await Summarize("", title: "  ");

        Assert.Equal("", summary.Text);
        Assert.NotNull(summary.Note);
    }

    [Fact]
    public async Task ReturnsTheOnlySentenceOfAOneSentenceArticle()
    {
        var summary = await Summarize("The museum will reopen on Saturday after a two-year renovation.");

        Assert.Equal("The museum will reopen on Saturday after a two-year renovation.", summary.Text);
    }

    [Fact]
    public async Task KeepsAShortFragmentWhenItIsAllThereIs()
    {
        var summary = await Summarize("Breaking news.");

        Assert.Equal("Breaking news.", summary.Text);
    }

    [Fact]
    public async Task CutsTextWithoutPunctuationToTheLengthLimit()
    {
        var body = string.Join(' ', Enumerable.Repeat("the river rose through the night and crews worked to hold the levee", 60));

        var summary = await Summarize(body);

        Assert.InRange(summary.Text.Length, 100, ExtractiveSummarizer.MaxCharacters);
        Assert.EndsWith("…", summary.Text, StringComparison.Ordinal);
        Assert.StartsWith("the river rose", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundsTheSummaryOfAHugeArticle()
    {
        var body = string.Join("\n\n", Enumerable.Repeat(Story, 400)); // about 70,000 words

        var summary = await Summarize(body);

        Assert.InRange(summary.Text.Length, 100, ExtractiveSummarizer.MaxCharacters);
        Assert.InRange(SentenceCount(summary.Text), 2, 4);
    }

    [Fact]
    public async Task ShortensVeryLongSentencesAtAWordBoundary()
    {
        var longSentence = "The report lists " + string.Join(", ", Enumerable.Range(1, 150).Select(i => $"item {i}")) + ".";
        var body = longSentence + " " + longSentence.Replace("report", "annex", StringComparison.Ordinal);

        var summary = await Summarize(body);

        Assert.InRange(summary.Text.Length, 100, ExtractiveSummarizer.MaxCharacters);
        Assert.EndsWith("…", summary.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(", …", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandlesListsAndCaptionsWithoutFinalPunctuation()
    {
        var body =
            "The school board approved three changes to the district's calendar on Thursday night after a long debate.\n" +
            "- Classes will start on August 28\n" +
            "- Winter break grows to three weeks\n" +
            "- Spring exams move to May\n" +
            "Students arrive at Lincoln High School on the first day of term (file photo)\n" +
            "Parents had asked for a longer winter break for years, the board's chair said after the vote.\n" +
            "Teachers' unions welcomed the change but asked for more planning days during the school year.";

        var summary = await Summarize(body);

        Assert.InRange(SentenceCount(summary.Text), 2, 4);
        Assert.StartsWith("The school board approved three changes", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThrowsWhenCancelledBeforeStarting()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Summarizer.SummarizeAsync(new SummaryRequest("", Story), cancellation.Token));
    }
}
