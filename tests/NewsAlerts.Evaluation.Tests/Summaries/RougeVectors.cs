using System.Text.Json;

namespace NewsAlerts.Evaluation.Summaries;

/// <summary>The cases of <c>TestData/rouge-vectors.json</c>, loaded once.</summary>
internal static class RougeVectors
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "rouge-vectors.json"))).RootElement);

    public static IEnumerable<JsonElement> Cases(string section) =>
        Root.Value.GetProperty(section).GetProperty("cases").EnumerateArray();

    /// <summary>A case of <paramref name="section"/> by position, so that theory rows stay short and serializable.</summary>
    public static JsonElement Case(string section, int index) => Cases(section).ElementAt(index);

    public static TheoryData<int, string> Indexed(string section)
    {
        var data = new TheoryData<int, string>();
        var index = 0;
        foreach (var c in Cases(section))
        {
            data.Add(index++, c.TryGetProperty("name", out var name) ? name.GetString()! : c.GetProperty("text").GetString()!);
        }

        return data;
    }

    public static RougeScore Measure(RougeScores scores, string rougeType) => rougeType switch
    {
        "rouge1" => scores.Rouge1,
        "rouge2" => scores.Rouge2,
        "rougeL" => scores.RougeL,
        "rougeLsum" => scores.RougeLsum,
        _ => throw new ArgumentOutOfRangeException(nameof(rougeType), rougeType, "Unknown ROUGE type in the vectors."),
    };

    /// <summary>Asserts every measure listed in <paramref name="expected"/> (rouge type → precision, recall, f1).</summary>
    public static void AssertMatches(JsonElement expected, RougeScores actual, double tolerance, string caseName)
    {
        foreach (var measure in expected.EnumerateObject())
        {
            var score = Measure(actual, measure.Name);
            AssertClose(measure.Value.GetProperty("precision").GetDouble(), score.Precision, tolerance, $"{caseName} {measure.Name} precision");
            AssertClose(measure.Value.GetProperty("recall").GetDouble(), score.Recall, tolerance, $"{caseName} {measure.Name} recall");
            AssertClose(measure.Value.GetProperty("f1").GetDouble(), score.F1, tolerance, $"{caseName} {measure.Name} f1");
        }
    }

    private static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual}");
}
