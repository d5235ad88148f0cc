using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Evaluation.Stories;
using NewsAlerts.Stories;
using Spectre.Console;

namespace NewsAlerts.Cli.Evaluation;

/// <summary><c>newsalerts eval stories</c>: story assignment on labelled articles, the product's method beside the MinHash rule.</summary>
internal static class StoryEvalCommand
{
    public static Command Create(CliContext cli)
    {
        var data = new Option<FileInfo[]>("--data")
        {
            Description = "JSON Lines files of labelled articles: {\"id\", \"story\", \"set\", \"date\", \"title\", \"description\", \"text\"}",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var window = new Option<double?>("--window-hours") { Description = "The story window to evaluate; default: the product's (Stories:WindowHours)" };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"tunedOn\", \"reportedOn\", \"productWindow\", \"sets\": [{\"set\", \"articles\", \"stories\", \"methods\": [{\"method\", \"window\", \"threshold\", \"titleThreshold\", \"score\": {\"pairPrecision\", ..., \"bCubedF1\", \"storiesFound\", \"storiesLabelled\", \"eventsJoinedWithin72Hours\"}, \"millisecondsPerArticle\", \"republishedJoined\"}], \"windows\"}]}" };
        var command = new Command(
            "stories",
            "Measure story assignment on labelled articles: the product's TF-IDF centroid method and the MinHash rule it replaced, single-pass in time order; "
            + "thresholds chosen on one half of the stories, scores (pairwise and BCubed) on the other, with and without the window")
        {
            data,
            window,
            json,
        };
        command.SetAction(async (parse, cancellationToken) => await CommandRunner.RunAsync(cli, parse.GetValue(CommandRunner.Verbose), async () =>
        {
            var files = parse.GetValue(data)!;
            var missing = files.Where(f => !f.Exists).ToList();
            if (missing.Count > 0)
            {
                throw new CliException(ExitCodes.NotFound, $"no such file: {string.Join(", ", missing.Select(f => f.FullName))}");
            }

            List<LabelledArticle> articles;
            var streams = files.Select(f => (Stream)f.OpenRead()).ToList();
            try
            {
                articles = await LabelledArticle.ReadAsync(streams, cancellationToken);
            }
            catch (FormatException ex)
            {
                throw new CliException(ExitCodes.InvalidInput, ex.Message);
            }
            finally
            {
                streams.ForEach(s => s.Dispose());
            }

            var hours = parse.GetValue(window) ?? new StoriesOptions().WindowHours;
            var sets = articles.Select(a => a.Set).Distinct(StringComparer.Ordinal).Count() + 1;
            StoryEvaluationResult result = null!;
            if (parse.GetValue(json))
            {
                result = StoryEvaluation.Evaluate(articles, TimeSpan.FromHours(hours));
                cli.Out.WriteLine(JsonSerializer.Serialize(result, NewsAlertsJson.Options));
                return ExitCodes.Success;
            }

            await cli.Ansi.Progress().StartAsync(context =>
            {
                var task = context.AddTask($"Clustering {articles.Count:N0} articles, tuning on half of each set", maxValue: sets);
                result = StoryEvaluation.Evaluate(articles, TimeSpan.FromHours(hours), new Progress<int>(done => task.Value = done));
                return Task.CompletedTask;
            });
            Write(cli, result);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static void Write(CliContext cli, StoryEvaluationResult result)
    {
        foreach (var set in result.Sets)
        {
            var table = new Table().Title($"[bold]{Markup.Escape(set.Set)}[/]: {set.Articles:N0} articles, {set.Stories} labelled stories")
                .AddColumns("method", "window", "threshold", "pairs P / R / F1", "BCubed P / R / F1", "stories found", "events joined ≤72 h", "copies joined", "ms/article");
            foreach (var m in set.Methods)
            {
                var s = m.Score;
                table.AddRow(
                    m.Method,
                    m.Window,
                    F(m.Threshold) + (m.TitleThreshold is { } title ? $" / titles {F(title)}" : string.Empty),
                    $"{P(s.PairPrecision)} / {P(s.PairRecall)} / {P(s.PairF1)}",
                    $"{P(s.BCubedPrecision)} / {P(s.BCubedRecall)} / [bold]{P(s.BCubedF1)}[/]",
                    $"{s.StoriesFound} of {s.StoriesLabelled}",
                    s.EventsJoinedWithin72Hours.ToString(CultureInfo.InvariantCulture),
                    m.RepublishedJoined is { } copies ? P(copies) : "—",
                    m.MillisecondsPerArticle.ToString("0.00", CultureInfo.InvariantCulture));
            }

            cli.Ansi.Write(table);
            if (set.Windows.Count > 0)
            {
                var windows = new Table().AddColumns("window (full-text articles)", "BCubed F1", "ceiling: the labels split at gaps longer than the window");
                foreach (var w in set.Windows)
                {
                    windows.AddRow(w.Window, P(w.BCubedF1), P(w.Ceiling));
                }

                cli.Ansi.Write(windows);
            }
        }

        cli.Ansi.MarkupLineInterpolated($"[dim]Thresholds chosen on half {result.TunedOn}; scores on half {result.ReportedOn}. The product's window: {result.ProductWindow} after a story's latest article.[/]");
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string P(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
