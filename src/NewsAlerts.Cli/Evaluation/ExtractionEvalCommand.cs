using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NewsAlerts.Articles;
using NewsAlerts.Evaluation.Articles;
using NewsAlerts.Cli.Hosting;
using Spectre.Console;

namespace NewsAlerts.Cli.Evaluation;

/// <summary>
/// <c>newsalerts eval extraction</c>: our HTML main-content extraction next to SmartReader (a port of Mozilla
/// Readability) on real pages, scored word by word against the article text a person expects.
/// </summary>
/// <remarks>
/// Ours uses SmartReader for the main content since this comparison showed it far ahead, so the two rows now
/// differ by what ingestion adds around it: our paragraphs, the title rules, the whole-page fallback.
/// </remarks>
internal static class ExtractionEvalCommand
{
    // SmartReader resolves relative links against the page's address; the pages are files, so any address serves.
    private const string PageAddress = "http://fakehost/test/page.html";

    public static Command Create(CliContext cli)
    {
        var pages = new Option<DirectoryInfo>("--pages") { Description = "A folder of page folders, each with source.html, expected.html and optionally expected-metadata.json (Mozilla Readability's test-pages layout)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"pages\", \"extractors\": [{\"extractor\", \"precision\", \"recall\", \"f1\", \"titleF1\", \"millisecondsPerPage\", \"failures\"}], \"pageScores\": [{\"page\", \"f1\": {...}, \"titleF1\": {...}, \"failures\": {...}}]} (scores from 0 to 1)" };
        var command = new Command("extraction", "Compare NewsAlerts' HTML article extraction with SmartReader on real pages: word precision, recall and F1 of the text, F1 of the title, and milliseconds per page") { pages, json };
        command.SetAction(async (parse, cancellationToken) => await CommandRunner.RunAsync(cli, parse.GetValue(CommandRunner.Verbose), async () =>
        {
            var folder = parse.GetValue(pages)!;
            if (!folder.Exists)
            {
                throw new CliException(ExitCodes.NotFound, $"no such folder: {folder.FullName}");
            }

            var loaded = ExtractionEvaluation.LoadPages(folder.FullName);
            if (loaded.Count == 0)
            {
                throw new CliException(ExitCodes.InvalidInput, $"no page folders with source.html and expected.html in {folder.FullName}");
            }

            HtmlExtractor[] extractors =
            [
                new("newsalerts", Ours),
                new("smartreader", SmartReaderExtract),
            ];
            // Progress is for people: without a terminal it prints lines on standard output, where JSON must stand alone.
            if (parse.GetValue(json))
            {
                var scored = ExtractionEvaluation.Evaluate(loaded, extractors, cancellationToken: cancellationToken);
                cli.Out.WriteLine(JsonSerializer.Serialize(scored, NewsAlertsJson.Options));
                return ExitCodes.Success;
            }

            ExtractionEvaluationResult result = null!;
            await cli.Ansi.Progress().StartAsync(async context =>
            {
                var task = context.AddTask($"Extracting {loaded.Count} pages", maxValue: loaded.Count);
                result = await Task.Run(() => ExtractionEvaluation.Evaluate(loaded, extractors, new Progress<int>(done => task.Value = done), cancellationToken), cancellationToken);
                task.Value = task.MaxValue;
            });

            var table = new Table().AddColumns("extractor", "precision", "recall", "F1", "title F1", "ms/page", "failed");
            foreach (var e in result.Extractors)
            {
                table.AddRow(e.Extractor, Percent(e.Precision), Percent(e.Recall), Percent(e.F1), Percent(e.TitleF1), e.MillisecondsPerPage.ToString("0.0", CultureInfo.InvariantCulture), e.Failures.ToString(CultureInfo.InvariantCulture));
            }

            table.Caption($"{result.Pages} pages; means of per-page word scores against expected.html; failed: pages the extractor threw on");
            cli.Ansi.Write(table);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    // Through ArticleReader, as ingestion reads an uploaded .html file, so the figures are the pipeline's own.
    private static ExtractedArticle Ours(string html)
    {
        var article = ArticleReader.Read(Encoding.UTF8.GetBytes(html), "page.html");
        return new ExtractedArticle(article.Title, article.Body);
    }

    private static ExtractedArticle SmartReaderExtract(string html)
    {
        var article = new SmartReader.Reader(PageAddress, html).GetArticle();
        return new ExtractedArticle(article.Title, article.TextContent);
    }

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
