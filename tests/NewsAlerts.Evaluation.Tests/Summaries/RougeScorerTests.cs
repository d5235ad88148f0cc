namespace NewsAlerts.Evaluation.Summaries;

public class RougeScorerTests
{
    // The generated vectors are rounded to 6 decimals; half a unit in the last place plus float noise.
    private const double GeneratedTolerance = 1e-6;

    public static TheoryData<int, string> OfficialCases => RougeVectors.Indexed("official_rouge_score_tests");

    public static TheoryData<int, string> GeneratedCases => RougeVectors.Indexed("generated_cases");

    public static TheoryData<int, string> MultiReferenceCases => RougeVectors.Indexed("multi_reference_cases");

    public static TheoryData<int, string> TokenizerCases => RougeVectors.Indexed("tokenizer_cases");

    [Theory]
    [MemberData(nameof(OfficialCases))]
    public void ReproducesTheOfficialRougeScoreTests(int index, string name)
    {
        var c = RougeVectors.Case("official_rouge_score_tests", index);
        var scorer = new RougeScorer(c.GetProperty("use_stemmer").GetBoolean());

        var scores = scorer.Score(c.GetProperty("target").GetString()!, c.GetProperty("prediction").GetString()!);

        RougeVectors.AssertMatches(c.GetProperty("expected"), scores, c.GetProperty("tolerance").GetDouble(), name);
    }

    [Theory]
    [MemberData(nameof(GeneratedCases))]
    public void ReproducesTheGeneratedCasesWithAndWithoutStemming(int index, string name)
    {
        var c = RougeVectors.Case("generated_cases", index);
        var target = c.GetProperty("target").GetString()!;
        var prediction = c.GetProperty("prediction").GetString()!;

        RougeVectors.AssertMatches(c.GetProperty("expected_no_stemmer"), new RougeScorer(false).Score(target, prediction), GeneratedTolerance, name);
        RougeVectors.AssertMatches(c.GetProperty("expected_stemmer"), new RougeScorer(true).Score(target, prediction), GeneratedTolerance, name);
    }

    [Theory]
    [MemberData(nameof(MultiReferenceCases))]
    public void KeepsTheBestTargetPerMeasureInScoreMulti(int index, string name)
    {
        var c = RougeVectors.Case("multi_reference_cases", index);
        var targets = c.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!).ToList();
        var prediction = c.GetProperty("prediction").GetString()!;
        var scorer = new RougeScorer(c.GetProperty("use_stemmer").GetBoolean());

        RougeVectors.AssertMatches(c.GetProperty("expected_max_over_targets"), scorer.ScoreMulti(targets, prediction), GeneratedTolerance, name);

        var perTarget = c.GetProperty("rouge1_f1_per_target").EnumerateArray().Select(f => f.GetDouble()).ToList();
        Assert.Equal(perTarget.Count, targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            Assert.Equal(perTarget[i], scorer.Score(targets[i], prediction).Rouge1.F1, GeneratedTolerance);
        }
    }

    [Theory]
    [MemberData(nameof(TokenizerCases))]
    public void TokenizesLikeRougeScore(int index, string text)
    {
        var c = RougeVectors.Case("tokenizer_cases", index);

        Assert.Equal(c.GetProperty("tokens_no_stemmer").EnumerateArray().Select(t => t.GetString()), RougeTokenizer.Tokenize(text, stem: false));
        Assert.Equal(c.GetProperty("tokens_stemmer").EnumerateArray().Select(t => t.GetString()), RougeTokenizer.Tokenize(text, stem: true));
    }

    [Fact]
    public void FirstTargetWinsTiesInScoreMulti()
    {
        var scorer = new RougeScorer(useStemmer: false);
        const string prediction = "a b c d";
        const string highPrecision = "a b s t u v w x"; // P 1/2, R 1/4
        const string highRecall = "a z"; // P 1/4, R 1/2: the same F1 of 1/3

        Assert.Equal(0.5, scorer.ScoreMulti([highPrecision, highRecall], prediction).Rouge1.Precision);
        Assert.Equal(0.25, scorer.ScoreMulti([highRecall, highPrecision], prediction).Rouge1.Precision);
    }

    [Fact]
    public void ScoreMultiRejectsAnEmptyListOfTargets() =>
        Assert.Throws<ArgumentException>(() => new RougeScorer(true).ScoreMulti([], "a summary"));

    [Fact]
    public void RougeLsumMatchesSentencesOutOfOrderWhileRougeLDoesNot()
    {
        var scores = new RougeScorer(true).Score("police arrested two men .\nthe men were released .", "the men were released .\npolice arrested two men .");

        Assert.Equal(1.0, scores.RougeLsum.F1, 1e-12);
        Assert.True(scores.RougeL.F1 < 1.0);
    }
}
