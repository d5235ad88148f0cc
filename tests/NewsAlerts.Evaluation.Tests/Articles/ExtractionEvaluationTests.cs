namespace NewsAlerts.Evaluation.Articles;

public class ExtractionEvaluationTests
{
    [Fact]
    public void ScoreIgnoresCasePunctuationAndSpacing()
    {
        var score = ExtractionScore.Of("Dock workers,  STRIKE!\n\nToday.", "dock workers strike today");
        Assert.Equal(new ExtractionScore(1, 1, 1), score);
    }

    [Fact]
    public void ScoreCountsEachWordAsOftenAsBothTextsHoldIt()
    {
        // "port" twice where it is expected once: one of the four extracted words is extra.
        var score = ExtractionScore.Of("port port strike ends", "port strike ends");
        Assert.Equal(0.75, score.Precision, 6);
        Assert.Equal(1, score.Recall, 6);
        Assert.Equal(2 * 0.75 / 1.75, score.F1, 6);
    }

    [Fact]
    public void ScoreOfMissingTextIsZeroAndOfTwoEmptyTextsIsFull()
    {
        Assert.Equal(new ExtractionScore(0, 0, 0), ExtractionScore.Of(null, "the article"));
        Assert.Equal(new ExtractionScore(0, 0, 0), ExtractionScore.Of("menu", string.Empty));
        Assert.Equal(new ExtractionScore(1, 1, 1), ExtractionScore.Of(" ", null));
    }

    [Fact]
    public void WordsAreRunsOfLettersAndDigitsInAnyScript()
    {
        Assert.Equal(["são", "paulo", "2026", "서울", "k", "pop"], ExtractionScore.Words("São Paulo, 2026 — 서울 K-pop"));
    }

    [Fact]
    public void PagesAreReadFromFoldersWithSourceAndExpectedAndTheExpectedHtmlBecomesText()
    {
        var root = PagesFolder();
        var pages = ExtractionEvaluation.LoadPages(root);

        Assert.Equal(["harbour", "no-title"], pages.Select(p => p.Name));
        Assert.Equal("Strike at the port", pages[0].ExpectedTitle);
        Assert.Equal(["dock", "workers", "walked", "out", "talks", "failed"], ExtractionScore.Words(pages[0].ExpectedText));
        Assert.Null(pages[1].ExpectedTitle);
    }

    [Fact]
    public void EachExtractorIsAveragedOverThePagesAndAFailureScoresZeroWithItsReason()
    {
        var pages = ExtractionEvaluation.LoadPages(PagesFolder());
        HtmlExtractor[] extractors =
        [
            new("exact", html => html.Contains("Dock", StringComparison.Ordinal)
                ? new ExtractedArticle("Strike at the port", "Dock workers walked out. Talks failed.")
                : new ExtractedArticle(null, "Only words.")),
            new("whole-page", html => new ExtractedArticle("Home | Strike at the port", ExtractionEvaluation.TextOf(html))),
            new("broken", _ => throw new InvalidOperationException("no body")),
        ];
        var done = new List<int>();

        var result = ExtractionEvaluation.Evaluate(pages, extractors, new SynchronousProgress(done));

        Assert.Equal(2, result.Pages);
        Assert.Equal([1, 2], done);
        var exact = result.Extractors[0];
        Assert.Equal(("exact", 1.0, 1.0, 1.0, 1.0, 0), (exact.Extractor, exact.Precision, exact.Recall, exact.F1, exact.TitleF1, exact.Failures));

        // The whole page adds "Home Menu" to the first page's six words; its title adds "Home" to four.
        var whole = result.Extractors[1];
        Assert.Equal((0.75 + 1) / 2, whole.Precision, 6);
        Assert.Equal(1, whole.Recall, 6);
        Assert.Equal(2 * 0.8 / 1.8, whole.TitleF1, 6);
        Assert.True(whole.MillisecondsPerPage >= 0);

        var broken = result.Extractors[2];
        Assert.Equal((0.0, 2), (broken.F1, broken.Failures));
        Assert.Equal("InvalidOperationException: no body", result.PageScores[0].Failures["broken"]);
        Assert.Equal(1, result.PageScores[0].TitleF1["exact"]);
        Assert.Empty(result.PageScores[1].TitleF1);
    }

    private static string PagesFolder()
    {
        var root = Directory.CreateTempSubdirectory("extraction-pages-").FullName;
        Page(root, "harbour", "<html><body><nav>Home Menu</nav><article><p>Dock workers walked out.</p><p>Talks failed.</p></article></body></html>",
            "<div><p>Dock workers walked <b>out</b>.</p><p>Talks failed.</p></div>", """{"title": "Strike at the port", "byline": null}""");
        Page(root, "no-title", "<p>Only words.</p>", "<p>Only words.</p>", """{"title": ""}""");
        Directory.CreateDirectory(Path.Combine(root, "source-only"));
        File.WriteAllText(Path.Combine(root, "source-only", "source.html"), "<p>x</p>");
        return root;
    }

    private static void Page(string root, string name, string source, string expected, string metadata)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "source.html"), source);
        File.WriteAllText(Path.Combine(folder, "expected.html"), expected);
        File.WriteAllText(Path.Combine(folder, "expected-metadata.json"), metadata);
    }

    // Progress<T> posts to the thread pool; the test needs the reports in order before it asserts.
    private sealed class SynchronousProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value) => reports.Add(value);
    }
}
