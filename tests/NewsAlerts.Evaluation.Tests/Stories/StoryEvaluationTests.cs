using System.Text;
using System.Text.Json;

namespace NewsAlerts.Evaluation.Stories;

public class StoryEvaluationTests
{
    private const string Flood =
        "The river Ouse burst its banks at York on Tuesday night, flooding more than 200 homes near the city centre. " +
        "Residents of three streets were evacuated to a school hall before the water reached the ground floors. " +
        "The Environment Agency said the river peaked at 5.2 metres, the highest level since 2000. " +
        "Soldiers helped build a wall of sandbags along the quay overnight. " +
        "The council expects the water to fall slowly over the next four days.";

    private const string Transit =
        "The city will run trams every five minutes on weekday evenings from March, the transport authority said. " +
        "Passenger groups had asked for more evening services for years. " +
        "The extra trips cost 2.4 million a year, paid for by a rise in parking charges. " +
        "Drivers' unions agreed to the new rosters after two months of talks. " +
        "Weekend timetables stay as they are until the autumn.";

    // Too short to re-publish in three versions: it only counts in distinct pairs.
    private const string Brief = "The council meets on Monday. The agenda is online.";

    private static MemoryStream JsonLines(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

    private static string Record(string article) => JsonSerializer.Serialize(new { id = "x", article });

    [Fact]
    public async Task PairsEachArticleWithItsThreeRepublishedVersionsAndEveryOtherArticle()
    {
        using var input = JsonLines(Record(Flood), "", Record(Transit));
        using var more = JsonLines(Record(Brief));
        var progress = new RecordingProgress();

        var result = await StoryEvaluation.EvaluateAsync([input, more], progress);

        Assert.Equal(3, result.Articles);
        Assert.Equal([1, 2, 3], progress.Reports);
        Assert.Equal(6, result.SameStoryPairs);
        Assert.Equal(3, result.DistinctPairs);
        Assert.Equal([0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7], result.Thresholds.Select(t => t.Threshold));
        var lowest = result.Thresholds[0];
        Assert.Equal((6, 0, 1.0, 1.0), (lowest.TruePositives, lowest.FalsePositives, lowest.Precision, lowest.Recall));
    }

    [Fact]
    public void RepublishesAnArticleAsTrimmedWireCopyEditedCopyAndFirstHalf()
    {
        var variants = StoryEvaluation.Variants(Flood).ToList();

        Assert.Equal(3, variants.Count);
        Assert.StartsWith("By Staff Reporter\n\n", variants[0], StringComparison.Ordinal);
        Assert.EndsWith("Copyright 2026 Wire Services. All rights reserved.", variants[0], StringComparison.Ordinal);
        Assert.Contains("Officials declined to comment further on Tuesday.", variants[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Soldiers helped", variants[1], StringComparison.Ordinal);
        Assert.EndsWith("before the water reached the ground floors. The Environment Agency said the river peaked at 5.2 metres, the highest level since 2000.", variants[2], StringComparison.Ordinal);
        Assert.Empty(StoryEvaluation.Variants(Brief));
    }

    [Theory]
    [InlineData("{\"article\": \"text\"", "line 3: not valid JSON")]
    [InlineData("{\"title\": \"no article\"}", "line 3: no \"article\" text")]
    [InlineData("{\"article\": \"\"}", "line 3: no \"article\" text")]
    public async Task NamesTheLineOfAMalformedRecord(string badLine, string message)
    {
        using var input = JsonLines(Record(Flood), "", badLine);

        var error = await Assert.ThrowsAsync<FormatException>(() => StoryEvaluation.EvaluateAsync([input]));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
