using NewsAlerts.Summaries;

namespace NewsAlerts.Summaries;

public class ModelSummaryOutputTests
{
    [Fact]
    public void ValidAnswerIsReadAndCleaned()
    {
        var parsed = ModelSummaryOutput.Parse("""
            {"summary": "**Strike** at <b>Rotterdam</b>\n# port.", "keyPoints": ["One", "one", " ", "Two", "Three", "Four", "Five", "Six"],
             "entities": {"people": [], "organizations": ["Port of Rotterdam"], "places": ["Rotterdam"]}, "language": "EN"}
            """)!;
        Assert.Equal("Strike at Rotterdam port.", parsed.Summary);
        Assert.Equal(["One", "Two", "Three", "Four", "Five"], parsed.KeyPoints);
        Assert.Equal(["Rotterdam"], parsed.Entities.Places);
        Assert.Equal("en", parsed.Language);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Plain text, not JSON")]
    [InlineData("[1, 2]")]
    [InlineData("""{"summary": 42, "keyPoints": ["a"]}""")]
    [InlineData("""{"summary": "   ", "keyPoints": ["a"]}""")]
    [InlineData("""{"summary": "Fine.", "keyPoints": []}""")]
    [InlineData("""{"keyPoints": ["a"]}""")]
    public void UnusableAnswersAreRefused(string? answer)
    {
        Assert.Null(ModelSummaryOutput.Parse(answer));
    }

    [Fact]
    public void SummaryIsBoundedToSixtyWordsAtASentenceEndWhenOneIsNear()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 40)) + ". " + string.Join(' ', Enumerable.Repeat("more", 40));
        var bounded = ModelSummaryOutput.BoundWords(text, 60);
        Assert.EndsWith("word.", bounded, StringComparison.Ordinal);
        Assert.Equal(40, bounded.Split(' ').Length);

        var noStop = ModelSummaryOutput.BoundWords(string.Join(' ', Enumerable.Repeat("word", 100)), 60);
        Assert.Equal(60, noStop.Split(' ').Length);
        Assert.EndsWith("…", noStop, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownLanguageCodesBecomeUndetermined()
    {
        Assert.Equal("und", ModelSummaryOutput.Parse("""{"summary": "S.", "keyPoints": ["k"], "entities": {}, "language": "English"}""")!.Language);
    }

    [Fact]
    public void PlainKeepsSnakeCaseAndComparisons()
    {
        Assert.Equal("rate_limit rose 3 < 4", ModelSummaryOutput.Plain("rate_limit rose 3 < 4"));
    }
}
