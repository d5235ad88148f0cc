using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Hosting;
using Spectre.Console;

namespace NewsAlerts.Cli.Deployment;

/// <summary><c>newsalerts smoke</c>: after <c>azd up</c>, checks that an upload reaches the deployed app and is stored.</summary>
internal static class SmokeCommand
{
    public static Command Create(CliContext cli)
    {
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the app to store the article", DefaultValueFactory = _ => 300 };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"name\", \"status\", \"reason\", \"summarizer\", \"summaryNote\", \"seconds\"}" };
        var command = new Command(
            "smoke",
            "Check a deployed app end to end: upload a marked test article to its storage account and wait until the app has read, "
            + "summarized and stored it (the article reaches no subscriber and is removed afterwards). Needs AzureWebJobsStorage__accountName.")
        {
            timeout,
            json,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3600)
            {
                result.AddError("--timeout must be between 1 and 3600 seconds");
            }
        });
        command.SetAction(CommandRunner.WithHost(cli, async (parse, host, cancellationToken) =>
        {
            var limit = TimeSpan.FromSeconds(parse.GetValue(timeout));
            var result = parse.GetValue(json)
                ? await host.Get<SmokeCheck>().RunAsync(limit, cancellationToken: cancellationToken)
                : await cli.Ansi.Status().StartAsync("Uploaded a test article; waiting for the app to store it…", context =>
                    host.Get<SmokeCheck>().RunAsync(limit, waited => context.Status($"Uploaded a test article; waiting for the app to store it… {waited.TotalSeconds:0} s"), cancellationToken));
            var article = result.Article;
            if (parse.GetValue(json))
            {
                cli.Out.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        name = result.Name,
                        status = article?.Status.ToString().ToLowerInvariant() ?? "missing",
                        reason = article?.Reason,
                        summarizer = article?.Summarizer,
                        summaryNote = article?.SummaryNote,
                        seconds = Math.Round(result.Elapsed.TotalSeconds, 1),
                    },
                    NewsAlertsJson.Options));
            }
            else if (article is not null)
            {
                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("Article", Markup.Escape(result.Name));
                grid.AddRow("Status", Markup.Escape(article.Status.ToString().ToLowerInvariant() + (article.Reason is null ? string.Empty : $": {article.Reason}")));
                grid.AddRow("Stored after", result.Elapsed.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture));
                grid.AddRow("Summary by", Markup.Escape(article.Summarizer ?? "—") + (article.SummaryNote is { } note ? $" [dim]({Markup.Escape(note)})[/]" : string.Empty));
                cli.Ansi.Write(grid);
            }

            if (article is null)
            {
                cli.Error.WriteLine(
                    $"error: the app stored no row for {result.Name} within {limit.TotalSeconds:0} s. Check that the Event Grid subscription exists "
                    + "(az eventgrid system-topic event-subscription list), that ProcessArticle runs (az functionapp function list) and the "
                    + "Application Insights traces of the Function App.");
                return ExitCodes.Failed;
            }

            return article.Status == ArticleStatus.Processed ? ExitCodes.Success : ExitCodes.Failed;
        }, storage: CliStorage.Configured));
        return command;
    }
}
