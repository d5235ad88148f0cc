using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace NewsAlerts.Evaluation.Articles;

/// <summary>What an extractor made of a page: its title and main text.</summary>
public sealed record ExtractedArticle(string? Title, string Text);

/// <summary>A main-content extractor under evaluation, by name.</summary>
public sealed record HtmlExtractor(string Name, Func<string, ExtractedArticle> Extract);

/// <summary>A real page and the article text (and title, when known) a person expects from it.</summary>
public sealed record ExtractionPage(string Name, string Html, string ExpectedText, string? ExpectedTitle);

/// <summary>One extractor's averages over every page.</summary>
/// <param name="Extractor">The extractor's name.</param>
/// <param name="Precision">Mean word precision of the body text.</param>
/// <param name="Recall">Mean word recall of the body text.</param>
/// <param name="F1">Mean word F1 of the body text.</param>
/// <param name="TitleF1">Mean word F1 of the title, over the pages whose title is known.</param>
/// <param name="MillisecondsPerPage">Mean time to extract one page.</param>
/// <param name="Failures">Pages on which the extractor threw; they score 0.</param>
public sealed record ExtractorAverages(string Extractor, double Precision, double Recall, double F1, double TitleF1, double MillisecondsPerPage, int Failures);

/// <summary>One page's body F1 and title F1 (when its title is known) by extractor, and why an extractor failed on it.</summary>
public sealed record PageScores(string Page, IReadOnlyDictionary<string, double> F1, IReadOnlyDictionary<string, double> TitleF1, IReadOnlyDictionary<string, string> Failures);

/// <summary>The result of <see cref="ExtractionEvaluation.Evaluate"/>.</summary>
public sealed record ExtractionEvaluationResult(int Pages, IReadOnlyList<ExtractorAverages> Extractors, IReadOnlyList<PageScores> PageScores);

/// <summary>
/// Measures main-content extractors on real pages against the text a person expects, word by word
/// (<see cref="ExtractionScore"/>), so a change of extractor is decided by figures.
/// </summary>
/// <remarks>
/// Pages are laid out as in Mozilla Readability's test suite: one folder per page holding <c>source.html</c>,
/// <c>expected.html</c> (the article as it should be extracted) and optionally <c>expected-metadata.json</c>
/// (<c>{"title": ...}</c>).
/// </remarks>
public static class ExtractionEvaluation
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    private static readonly HashSet<string> InlineElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s",
        "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    };

    /// <summary>Reads every page folder under <paramref name="directory"/> that holds a source and an expected text, by name.</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> does not exist.</exception>
    public static IReadOnlyList<ExtractionPage> LoadPages(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var pages = new List<ExtractionPage>();
        foreach (var folder in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            var source = Path.Combine(folder, "source.html");
            var expected = Path.Combine(folder, "expected.html");
            if (!File.Exists(source) || !File.Exists(expected))
            {
                continue;
            }

            var metadata = Path.Combine(folder, "expected-metadata.json");
            pages.Add(new ExtractionPage(
                Path.GetFileName(folder),
                File.ReadAllText(source),
                TextOf(File.ReadAllText(expected)),
                File.Exists(metadata) ? TitleOf(File.ReadAllText(metadata)) : null));
        }

        return pages;
    }

    /// <summary>Runs every extractor on every page and scores it.</summary>
    /// <param name="pages">The pages.</param>
    /// <param name="extractors">The extractors, each run once on the first page before timing so start-up cost is not counted.</param>
    /// <param name="progress">Receives the number of pages done after each page.</param>
    /// <param name="cancellationToken">Stops the evaluation between pages.</param>
    public static ExtractionEvaluationResult Evaluate(
        IReadOnlyList<ExtractionPage> pages, IReadOnlyList<HtmlExtractor> extractors, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(extractors);
        var totals = extractors.ToDictionary(e => e.Name, _ => new Totals(), StringComparer.Ordinal);
        var pageScores = new List<PageScores>(pages.Count);
        if (pages.Count > 0)
        {
            foreach (var extractor in extractors)
            {
                Run(extractor, pages[0].Html);
            }
        }

        foreach (var page in pages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var f1 = new Dictionary<string, double>(StringComparer.Ordinal);
            var titleF1 = new Dictionary<string, double>(StringComparer.Ordinal);
            var failures = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var extractor in extractors)
            {
                var started = Stopwatch.GetTimestamp();
                var (article, failure) = Run(extractor, page.Html);
                var elapsed = Stopwatch.GetElapsedTime(started);
                var score = ExtractionScore.Of(article?.Text, page.ExpectedText);
                var title = page.ExpectedTitle is null ? (ExtractionScore?)null : ExtractionScore.Of(article?.Title, page.ExpectedTitle);
                totals[extractor.Name].Add(score, title, elapsed, failure is not null);
                f1[extractor.Name] = score.F1;
                if (title is { } titleScore)
                {
                    titleF1[extractor.Name] = titleScore.F1;
                }

                if (failure is not null)
                {
                    failures[extractor.Name] = failure;
                }
            }

            pageScores.Add(new PageScores(page.Name, f1, titleF1, failures));
            progress?.Report(pageScores.Count);
        }

        return new ExtractionEvaluationResult(pages.Count, [.. extractors.Select(e => totals[e.Name].Averages(e.Name))], pageScores);
    }

    /// <summary>The text of an HTML document or fragment as a reader sees it: words in two paragraphs never run together.</summary>
    public static string TextOf(string html)
    {
        using var document = Parser.ParseDocument(html);
        var text = new StringBuilder();
        if (document.Body is not null)
        {
            AppendText(document.Body, text);
        }

        return text.ToString();
    }

    // TextContent joins "<p>a</p><p>b</p>" into "ab"; every element but the inline ones ends a word.
    private static void AppendText(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText data)
            {
                text.Append(data.Data);
            }
            else if (child is IElement element)
            {
                var separates = !InlineElements.Contains(element.LocalName);
                text.Append(separates ? " " : string.Empty);
                AppendText(element, text);
                text.Append(separates ? " " : string.Empty);
            }
        }
    }

    private static string? TitleOf(string metadataJson)
    {
        using var metadata = JsonDocument.Parse(metadataJson);
        // An empty title says the page has none: there is nothing to score a title against.
        return metadata.RootElement.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(title.GetString())
            ? title.GetString()
            : null;
    }

    // An extractor that throws on a page has failed that page: it scores 0 there and the reason is reported,
    // so one hostile page does not stop the comparison.
    private static (ExtractedArticle? Article, string? Failure) Run(HtmlExtractor extractor, string html)
    {
        try
        {
            return (extractor.Extract(html), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private sealed class Totals
    {
        private int _pages;
        private int _titledPages;
        private int _failures;
        private double _precision;
        private double _recall;
        private double _f1;
        private double _titleF1;
        private TimeSpan _elapsed;

        public void Add(ExtractionScore score, ExtractionScore? title, TimeSpan elapsed, bool failed)
        {
            _pages++;
            _precision += score.Precision;
            _recall += score.Recall;
            _f1 += score.F1;
            _elapsed += elapsed;
            _failures += failed ? 1 : 0;
            if (title is { } titleScore)
            {
                _titledPages++;
                _titleF1 += titleScore.F1;
            }
        }

        public ExtractorAverages Averages(string name) => new(
            name,
            Mean(_precision, _pages),
            Mean(_recall, _pages),
            Mean(_f1, _pages),
            Mean(_titleF1, _titledPages),
            Mean(_elapsed.TotalMilliseconds, _pages),
            _failures);

        private static double Mean(double total, int count) => count == 0 ? 0 : total / count;
    }
}
