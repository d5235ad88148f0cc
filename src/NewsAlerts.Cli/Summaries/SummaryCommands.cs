using System.CommandLine;
using System.Text.Json;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Summaries;
using Spectre.Console;

namespace NewsAlerts.Cli.Summaries;

/// <summary><c>newsalerts summarize</c>: no storage needed.</summary>
internal static class SummaryCommands
{
    public static Command Summarize(CliContext cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "An article file (.txt, .md, .html, .json)" };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"file\", \"title\", \"summary\", \"summarizer\", \"note\", \"configurationProblem\", \"keyPoints\", \"entities\", \"language\", \"inputTokens\", \"outputTokens\"}" };
        var command = new Command(
            "summarize",
            "Print the summary of one article, with the configured summarizer (Azure OpenAI when OpenAI:Endpoint is set, else extractive). "
            + "Also a check of the model settings: when the model cannot be used as configured, the extractive summary is printed and the exit code is 4")
        {
            file,
            json,
        };
        command.SetAction(CommandRunner.WithHost(
            cli,
            async (parse, host, cancellationToken) =>
            {
                var path = parse.GetValue(file)!;
                if (!path.Exists)
                {
                    throw new CliException(ExitCodes.NotFound, $"no such file: {path.FullName}");
                }

                var document = ArticleReader.Read(await File.ReadAllBytesAsync(path.FullName, cancellationToken), path.Name);
                var summary = await host.Get<ISummarizer>().SummarizeAsync(new SummaryRequest(document.Title, document.Body), cancellationToken);
                if (parse.GetValue(json))
                {
                    cli.Out.WriteLine(JsonSerializer.Serialize(
                        new
                        {
                            file = path.Name,
                            title = document.Title,
                            summary = summary.Text,
                            summarizer = summary.Summarizer,
                            note = summary.Note,
                            configurationProblem = summary.ConfigurationProblem,
                            keyPoints = summary.KeyPoints,
                            entities = summary.Entities,
                            language = summary.Language,
                            inputTokens = summary.InputTokens,
                            outputTokens = summary.OutputTokens,
                        },
                        NewsAlertsJson.Options));
                    return ConfigurationChecked(cli, summary);
                }

                cli.Ansi.MarkupLineInterpolated($"[bold]{document.Title}[/]");
                cli.Ansi.WriteLine(summary.Text);
                foreach (var point in summary.KeyPoints)
                {
                    cli.Ansi.WriteLine($"  • {point}");
                }

                cli.Ansi.MarkupLineInterpolated($"[dim]{summary.Summarizer}{(summary.Note is null ? string.Empty : " — " + summary.Note)}[/]");
                return ConfigurationChecked(cli, summary);
            },
            storage: CliStorage.None));
        return command;
    }

    /// <summary>The exit code of a summary: a model that cannot work as configured is a wrong setting, whatever was printed.</summary>
    private static int ConfigurationChecked(CliContext cli, Summary summary)
    {
        if (summary.ConfigurationProblem is null)
        {
            return ExitCodes.Success;
        }

        cli.Error.WriteLine($"error: configuration: the model was not used: {summary.ConfigurationProblem}");
        return ExitCodes.Configuration;
    }
}
