using System.Text;
using System.Text.Json;
using NewsAlerts.Summaries;

namespace NewsAlerts.Evaluation.Summaries;

public class SummaryEvaluationTests
{
    private const string Article =
        "Firefighters rescued 12 people from a burning apartment building in Riverton early on Sunday. " +
        "The fire started in a ground-floor kitchen shortly after 2 a.m. and spread to the upper floors. " +
        "Two residents were taken to hospital with smoke inhalation, the fire service said. " +
        "Investigators believe a pan left on a stove caused the blaze. " +
        "The building's 40 residents are staying with relatives or in a hotel paid for by the city.";

    private static MemoryStream JsonLines(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

    private static string Record(string article, params string[] references) =>
        JsonSerializer.Serialize(new { id = "x", article, references, system_summaries = new { a = 1 } });

    [Fact]
    public async Task ScoresOurSummaryAndLeadThreeOnEveryRecord()
    {
        const string second = "The library will stay open until midnight during exam weeks, the university announced on Friday. " +
            "Students had collected more than 3,000 signatures asking for longer hours. " +
            "The change costs about $40,000 a term, paid from the student services budget. " +
            "Security staff will patrol the building after 10 p.m.";
        using var input = JsonLines(
            Record(Article, "Firefighters rescued 12 people from a burning building in Riverton .\nA pan left on a stove caused the fire ."),
            "",
            Record(second, "The library will stay open until midnight during exams .\nStudents collected 3,000 signatures ."));
        var progress = new RecordingProgress();

        var result = await new SummaryEvaluation().EvaluateAsync(input, progress);

        Assert.Equal(2, result.Count);
        Assert.Equal([1, 2], progress.Reports);
        var scorer = new RougeScorer(useStemmer: true);
        var expectedLead = (scorer.Score(
            "Firefighters rescued 12 people from a burning building in Riverton .\nA pan left on a stove caused the fire .",
            string.Join('\n', LeadBaseline.Lead(Article))).Rouge1.F1 + scorer.Score(
            "The library will stay open until midnight during exams .\nStudents collected 3,000 signatures .",
            string.Join('\n', LeadBaseline.Lead(second))).Rouge1.F1) * 50;
        Assert.Equal(expectedLead, result.Lead3.Rouge1, 1e-9);
        Assert.InRange(result.Ours.Rouge1, 1, 100);
        Assert.InRange(result.Ours.Rouge2, 1, 100);
        Assert.InRange(result.Ours.RougeLsum, 1, 100);
    }

    [Fact]
    public async Task KeepsTheBestReferenceOfEachRecord()
    {
        var lead = string.Join('\n', LeadBaseline.Lead(Article));
        using var input = JsonLines(Record(Article, "Something else entirely .", lead));

        var result = await new SummaryEvaluation().EvaluateAsync(input);

        Assert.Equal(new RougeF1Means(100, 100, 100), result.Lead3);
    }

    [Fact]
    public void SerializesToTheReportShape()
    {
        var result = new SummaryEvaluationResult(new RougeF1Means(42.5, 19.25, 38), new RougeF1Means(41.31, 18.91, 37.43), 250);

        var json = JsonSerializer.Serialize(result);

        Assert.Equal("""{"ours":{"rouge1":42.5,"rouge2":19.25,"rougeLsum":38},"lead3":{"rouge1":41.31,"rouge2":18.91,"rougeLsum":37.43},"count":250}""", json);
    }

    [Fact]
    public async Task ReportsZeroRecordsForAnEmptyFile()
    {
        using var input = JsonLines("", "  ");

        var result = await new SummaryEvaluation().EvaluateAsync(input);

        Assert.Equal(new SummaryEvaluationResult(new RougeF1Means(0, 0, 0), new RougeF1Means(0, 0, 0), 0), result);
    }

    [Theory]
    [InlineData("{\"article\": \"text\", \"references\": [\"ref\"", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"references\": [\"ref\"]}", "\"article\" must be a string")]
    [InlineData("{\"article\": \"text\"}", "\"references\" must be a non-empty array of strings")]
    [InlineData("{\"article\": \"text\", \"references\": []}", "\"references\" must be a non-empty array of strings")]
    [InlineData("{\"article\": \"text\", \"references\": [3]}", "\"references\" must be a non-empty array of strings")]
    public async Task NamesTheLineOfAMalformedRecord(string badLine, string problem)
    {
        using var input = JsonLines(Record(Article, "A reference ."), "", badLine, Record(Article, "Another ."));

        var error = await Assert.ThrowsAsync<EvaluationRecordException>(() => new SummaryEvaluation().EvaluateAsync(input));

        Assert.Equal(3, error.LineNumber);
        Assert.StartsWith("line 3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SplitsAnotherSummarizersTextIntoSentencesForRougeLsum()
    {
        var lead = LeadBaseline.Lead(Article);
        using var input = JsonLines(Record(Article, string.Join('\n', lead)));

        var result = await new SummaryEvaluation(new FixedSummarizer(string.Join(' ', lead))).EvaluateAsync(input);

        Assert.Equal(result.Lead3, result.Ours);
    }

    [Fact]
    public async Task StopsWhenCancelled()
    {
        using var input = JsonLines(Record(Article, "A reference ."));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SummaryEvaluation().EvaluateAsync(input, cancellationToken: cancellation.Token));
    }

    private sealed class FixedSummarizer(string text) : ISummarizer
    {
        public Task<Summary> SummarizeAsync(SummaryRequest article, CancellationToken cancellationToken = default) =>
            Task.FromResult(new Summary { Text = text, Summarizer = "fixed" });
    }
}
