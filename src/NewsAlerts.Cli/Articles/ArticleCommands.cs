using System.CommandLine;
using System.Text.Json;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Cli.Local;
using NewsAlerts.Storage;
using Spectre.Console;

namespace NewsAlerts.Cli.Articles;

/// <summary><c>newsalerts upload</c>, <c>process</c> and <c>articles list</c>.</summary>
internal static class ArticleCommands
{
    public static Command Upload(CliContext cli)
    {
        var files = new Argument<FileInfo[]>("file") { Description = "Article files (.txt, .md, .html, .json); each is stored under its file name", Arity = ArgumentArity.OneOrMore };
        var command = new Command("upload", "Upload articles into the articles container (name = file name)") { files };
        command.SetAction(CommandRunner.WithHost(cli, async (parse, host, cancellationToken) =>
        {
            var paths = parse.GetValue(files)!;
            var missing = paths.Where(f => !f.Exists).ToList();
            if (missing.Count > 0)
            {
                throw new CliException(ExitCodes.NotFound, $"no such file: {string.Join(", ", missing.Select(f => f.FullName))}");
            }

            var uploader = host.Get<ArticleUploader>();
            foreach (var file in paths)
            {
                await using var stream = file.OpenRead();
                await uploader.UploadAsync(file.Name, stream, cancellationToken: cancellationToken);
                cli.Ansi.MarkupLineInterpolated($"Uploaded {file.Name} ({file.Length:N0} bytes)");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Process(CliContext cli)
    {
        var command = new Command("process", "Process every uploaded article not processed yet, then exit");
        command.SetAction(CommandRunner.WithHost(cli, async (_, host, cancellationToken) =>
        {
            var scan = await ProcessPendingAsync(cli, host.Get<ArticleScanner>(), cancellationToken);
            WriteResults(cli, scan.Processed);
            foreach (var error in scan.Errors)
            {
                cli.Error.WriteLine($"error: {error}");
            }

            return scan.Errors.Count > 0 || scan.Processed.Any(p => p.Status == ArticleStatus.Failed) ? ExitCodes.Failed : ExitCodes.Success;
        }));
        return command;
    }

    public static Command List(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON: [{\"id\", \"name\", \"title\", \"status\", \"summary\", \"summarizer\", \"matches\": [{\"email\", \"watchlist\", \"terms\"}], ...}]" };
        var status = new Option<string?>("--status") { Description = "Only articles with this status" };
        status.AcceptOnlyFromAmong("processed", "failed", "rejected");
        var list = new Command("list", "List stored articles with their status, summary and matches") { json, status };
        list.SetAction(CommandRunner.WithHost(cli, async (parse, host, cancellationToken) =>
        {
            var filter = parse.GetValue(status) is { } value ? Enum.Parse<ArticleStatus>(value, ignoreCase: true) : (ArticleStatus?)null;
            var articles = new List<Article>();
            await foreach (var article in host.Get<ArticleStore>().ListAsync(filter, cancellationToken))
            {
                articles.Add(article);
            }

            articles.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));
            if (parse.GetValue(json))
            {
                cli.Out.WriteLine(JsonSerializer.Serialize(articles, NewsAlertsJson.Options));
                return ExitCodes.Success;
            }

            if (articles.Count == 0)
            {
                cli.Ansi.WriteLine(filter is null ? "No articles yet. Upload some with: newsalerts upload <file>..." : $"No {filter.Value.ToString().ToLowerInvariant()} articles.");
                return ExitCodes.Success;
            }

            cli.Ansi.Write(ArticlesTable(articles));
            return ExitCodes.Success;
        }));

        var command = new Command("articles", "Inspect stored articles");
        command.Subcommands.Add(list);
        return command;
    }

    /// <summary>Runs a scan with a spinner that counts processed articles.</summary>
    public static async Task<ScanResult> ProcessPendingAsync(CliContext cli, ArticleScanner scanner, CancellationToken cancellationToken)
    {
        var count = 0;
        return await cli.Ansi.Status().StartAsync("Processing articles…", async context =>
            await scanner.ProcessPendingAsync(
                result => context.Status($"Processing articles… {Interlocked.Increment(ref count)} done, latest {Markup.Escape(result.Name)}"),
                cancellationToken));
    }

    /// <summary>A table of what processing did.</summary>
    public static void WriteResults(CliContext cli, IReadOnlyList<IngestResult> results)
    {
        if (results.Count == 0)
        {
            cli.Ansi.WriteLine("Nothing to process: every uploaded article is processed.");
            return;
        }

        var table = new Table().AddColumns("Article", "Status", "Matches", "Reason");
        foreach (var result in results)
        {
            table.AddRow(
                Markup.Escape(result.Name),
                Markup.Escape(result.Status?.ToString().ToLowerInvariant() ?? "gone"),
                result.MatchCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(result.Reason ?? string.Empty));
        }

        cli.Ansi.Write(table);
    }

    /// <summary>A table of stored articles: title, status, summary, matches.</summary>
    public static Table ArticlesTable(IEnumerable<Article> articles)
    {
        var table = new Table().Expand().AddColumn("Article").AddColumn("Status").AddColumn(new TableColumn("Summary")).AddColumn("Matches");
        foreach (var article in articles)
        {
            var matches = article.Matches.Count == 0 ? "—" : string.Join("\n", article.Matches.Select(m => $"{m.Email}: {m.Watchlist} ({string.Join(", ", m.Terms)})"));
            if (article.MatchCount > article.Matches.Count)
            {
                matches += $"\n… {article.MatchCount - article.Matches.Count} more";
            }

            table.AddRow(
                new Markup($"[bold]{Markup.Escape(article.Title ?? article.Name)}[/]\n[dim]{Markup.Escape(article.Name)}[/]"),
                new Spectre.Console.Text(article.Status.ToString().ToLowerInvariant() + (article.Reason is null ? string.Empty : $": {article.Reason}")),
                new Spectre.Console.Text(Brief(article.Summary)),
                new Spectre.Console.Text(matches));
        }

        return table;
    }

    // The table is for scanning; the whole summary is in --json and in the digest.
    private static string Brief(string? summary) =>
        summary is null ? string.Empty : summary.Length <= 160 ? summary : summary[..summary.LastIndexOf(' ', 159)] + " …";
}
