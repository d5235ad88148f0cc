using System.Text;
using System.Text.Json;

namespace NewsAlerts.Evaluation.Stories;

public class StoryEvaluationTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ScoresCountPairsAndBCubedAgainstTheLabels()
    {
        // Labels: {a, b, c} one story, {d} another. Assigned: {a, b} and {c, d}.
        var articles = new[] { Article("a", "x"), Article("b", "x"), Article("c", "x"), Article("d", "y") };
        var assigned = new Dictionary<string, string> { ["a"] = "1", ["b"] = "1", ["c"] = "2", ["d"] = "2" };

        var score = ClusteringScore.Of(articles, assigned);

        Assert.Equal((0.5, 1.0 / 3), (score.PairPrecision, score.PairRecall));
        Assert.Equal(0.75, score.BCubedPrecision, 9);
        Assert.Equal(((2.0 / 3) + (2.0 / 3) + (1.0 / 3) + 1) / 4, score.BCubedRecall, 9);
        Assert.Equal((2, 2), (score.StoriesFound, score.StoriesLabelled));
        Assert.Equal(1, score.EventsJoinedWithin72Hours);
    }

    [Fact]
    public async Task ARecordThatIsNotALabelledArticleSaysOnWhichLine()
    {
        using var input = JsonLines(Record("a", "x", "Ferry aground"), "", "{\"id\": \"b\", \"title\": \"No story\"}");

        var error = await Assert.ThrowsAsync<FormatException>(() => LabelledArticle.ReadAsync([input]));

        Assert.Equal("line 3: a record needs \"id\", \"story\" and \"title\"", error.Message);
    }

    [Fact]
    public async Task TheProductsMethodGroupsReportsOfEachEventAndMinHashOnlyCopies()
    {
        using var input = JsonLines(
            Record("f1", "ferry", "Ferry carrying 240 passengers runs aground off Lampedusa", "A passenger ferry with 240 people on board ran aground on rocks off the Italian island of Lampedusa early on Saturday, the coast guard said. Rescue boats took everyone off the vessel within three hours. The ferry, the Stella Marina, had left Porto Empedocle late on Friday. Investigators are examining why it strayed from its route."),
            Record("f2", "ferry", "Coast guard rescues all aboard stranded Stella Marina", "Italian rescuers evacuated every traveller from the Stella Marina after the ship struck a reef near Lampedusa before dawn. The vessel had sailed overnight from Porto Empedocle. A handful of people were treated for minor injuries. Prosecutors have opened an inquiry into the grounding.", hours: 3),
            Record("w1", "weber", "Chancellor Weber arrives in Kyiv with air defence pledge", "German Chancellor Anna Weber arrived in Kyiv by overnight train and promised two more air defence systems before winter. Weber met President Oleksandr Marchenko at his office. It is her first visit to Ukraine since taking office. She laid flowers at a memorial.", hours: 30),
            Record("w2", "weber", "Weber promises Ukraine new air defences on surprise visit", "On her first trip to Ukraine as chancellor, Anna Weber told President Marchenko in Kyiv that Berlin would deliver two further air defence batteries before the cold months. The visit was not announced in advance. Weber travelled by rail from Poland. Officials welcomed the pledge.", hours: 33));
        var articles = await LabelledArticle.ReadAsync([input]);

        var result = StoryEvaluation.Evaluate(articles, TimeSpan.FromDays(30));

        Assert.Equal(["test", "all"], result.Sets.Select(s => s.Set));
        var reported = result.Sets[0];
        var centroid = reported.Methods.Single(m => m.Method == "tf-idf centroid" && m.Window == "30 days");
        var minHash = reported.Methods.Single(m => m.Method == "minhash" && m.Window == "30 days");
        Assert.Equal(1, centroid.Score.BCubedF1, 9);
        Assert.True(minHash.Score.BCubedF1 < centroid.Score.BCubedF1);
        Assert.Equal(1, centroid.RepublishedJoined);
        Assert.StartsWith("A ", result.TunedOn, StringComparison.Ordinal);
        Assert.StartsWith("B ", result.ReportedOn, StringComparison.Ordinal);
    }

    private static LabelledArticle Article(string id, string story, int hours = 0) => new(id, story, "test", Monday.AddHours(hours), id, "body of " + id);

    private static MemoryStream JsonLines(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

    private static string Record(string id, string story, string title, string text = "", int hours = 0) =>
        JsonSerializer.Serialize(new { id, story, set = "test", date = Monday.AddHours(hours).ToString("O"), title, description = string.Empty, text });
}
