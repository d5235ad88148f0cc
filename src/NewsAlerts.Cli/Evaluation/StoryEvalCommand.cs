using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Evaluation.Stories;
using Spectre.Console;

namespace NewsAlerts.Cli.Evaluation;

/// <summary><c>newsalerts eval stories</c>: precision and recall of near-duplicate story detection.</summary>
internal static class StoryEvalCommand
{
    public static Command Create(CliContext cli)
    {
        var data = new Option<FileInfo[]>("--data") { Description = "JSON Lines files of {\"article\"} records", Required = true, AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"articles\", \"sameStoryPairs\", \"distinctPairs\", \"thresholds\": [{\"threshold\", \"precision\", \"recall\", ...}], \"closestDistinctPairs\"}" };
        var command = new Command("stories", "Measure near-duplicate story detection: each article against re-published versions of itself, and against every other article") { data, json };
        command.SetAction(async (parse, cancellationToken) => await CommandRunner.RunAsync(cli, parse.GetValue(CommandRunner.Verbose), async () =>
        {
            var files = parse.GetValue(data)!;
            var missing = files.Where(f => !f.Exists).ToList();
            if (missing.Count > 0)
            {
                throw new CliException(ExitCodes.NotFound, $"no such file: {string.Join(", ", missing.Select(f => f.FullName))}");
            }

            var streams = files.Select(f => (Stream)f.OpenRead()).ToList();
            StoryEvaluationResult result;
            try
            {
                var total = files.Sum(f => File.ReadLines(f.FullName).Count(l => !string.IsNullOrWhiteSpace(l)));
                StoryEvaluationResult? evaluated = null;
                await cli.Ansi.Progress().StartAsync(async context =>
                {
                    var task = context.AddTask("Signing articles", maxValue: Math.Max(total, 1));
                    evaluated = await StoryEvaluation.EvaluateAsync(streams, new Progress<int>(done => task.Value = done), cancellationToken);
                    task.Value = task.MaxValue;
                });
                result = evaluated!;
            }
            catch (FormatException ex)
            {
                throw new CliException(ExitCodes.InvalidInput, ex.Message);
            }
            finally
            {
                streams.ForEach(s => s.Dispose());
            }

            if (parse.GetValue(json))
            {
                cli.Out.WriteLine(JsonSerializer.Serialize(result, NewsAlertsJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("threshold", "precision", "recall", "same-story pairs found", "distinct pairs taken for one story");
            foreach (var score in result.Thresholds)
            {
                table.AddRow(F(score.Threshold), F(score.Precision * 100) + "%", F(score.Recall * 100) + "%", score.TruePositives.ToString(CultureInfo.InvariantCulture), score.FalsePositives.ToString(CultureInfo.InvariantCulture));
            }

            table.Caption($"{result.Articles} articles, {result.SameStoryPairs} same-story pairs, {result.DistinctPairs:N0} distinct pairs");
            cli.Ansi.Write(table);
            cli.Ansi.WriteLine("Distinct records most alike (read them: some may be the same story):");
            foreach (var pair in result.ClosestDistinctPairs)
            {
                cli.Ansi.WriteLine($"  {F(pair.Similarity)}  {pair.First}");
                cli.Ansi.WriteLine($"        {pair.Second}");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
