using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Evaluation.Summaries;
using Spectre.Console;

namespace NewsAlerts.Cli.Evaluation;

/// <summary><c>newsalerts eval summaries</c>: ROUGE of the extractive summarizer and of Lead-3 on reference summaries; no storage needed.</summary>
internal static class SummaryEvalCommand
{
    public static Command Create(CliContext cli)
    {
        var data = new Option<FileInfo>("--data") { Description = "JSON Lines of {\"article\", \"references\": [...]} records", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"ours\": {\"rouge1\", \"rouge2\", \"rougeLsum\"}, \"lead3\": {...}, \"count\"} (F1 × 100)" };
        var command = new Command("summaries", "Score the offline summarizer and Lead-3 with ROUGE-1/2/Lsum (stemmed F1 × 100) on reference summaries") { data, json };
        command.SetAction(async (parse, cancellationToken) => await CommandRunner.RunAsync(cli, parse.GetValue(CommandRunner.Verbose), async () =>
        {
            var path = parse.GetValue(data)!;
            if (!path.Exists)
            {
                throw new CliException(ExitCodes.NotFound, $"no such file: {path.FullName}");
            }

            var total = File.ReadLines(path.FullName).Count(l => !string.IsNullOrWhiteSpace(l));
            await using var stream = path.OpenRead();
            var evaluation = new SummaryEvaluation();
            SummaryEvaluationResult result = null!;
            await cli.Ansi.Progress().StartAsync(async context =>
            {
                var task = context.AddTask($"Scoring {path.Name}", maxValue: Math.Max(total, 1));
                result = await evaluation.EvaluateAsync(stream, new Progress<int>(done => task.Value = done), cancellationToken);
                task.Value = task.MaxValue;
            });

            if (parse.GetValue(json))
            {
                cli.Out.WriteLine(JsonSerializer.Serialize(result, NewsAlertsJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("summarizer", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum");
            table.AddRow("ours (extractive)", F(result.Ours.Rouge1), F(result.Ours.Rouge2), F(result.Ours.RougeLsum));
            table.AddRow("Lead-3", F(result.Lead3.Rouge1), F(result.Lead3.Rouge2), F(result.Lead3.RougeLsum));
            table.Caption($"{result.Count} articles; stemmed F1 × 100, best of each article's references");
            cli.Ansi.Write(table);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
