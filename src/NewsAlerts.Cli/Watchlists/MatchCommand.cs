using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Matching;
using NewsAlerts.Watchlists;
using Spectre.Console;

namespace NewsAlerts.Cli.Watchlists;

/// <summary>
/// <c>newsalerts match --query "…" [--stem] &lt;file&gt;... [--json]</c>: which files a query matches and why,
/// for tuning a watchlist before saving it. Reads and matches locally; starts no host and stores nothing.
/// </summary>
internal static class MatchCommand
{
    public static Command Create(CliContext cli)
    {
        var query = new Option<string>("--query")
        {
            Description = "The watchlist query to try: \"Kim Jong-un\" (visit OR summit) -sports, title:word, word*, a NEAR/5 b",
            Required = true,
        };
        var stem = new Option<bool>("--stem") { Description = "Also match English inflections (visit matches visits, visited)" };
        var json = new Option<bool>("--json") { Description = "Print JSON: [{\"file\", \"matched\", \"terms\", \"score\", \"snippets\": [{\"text\", \"marked\", \"marks\"}], \"error\"}]" };
        var files = new Argument<FileInfo[]>("file") { Description = "Article files (.txt, .md, .html, .json)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("match", "Preview which files a watchlist query matches and why (terms, score, snippets), without storing anything")
        {
            query, stem, json, files,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            cli,
            parse.GetValue(CommandRunner.Verbose),
            () => Task.FromResult(Run(cli, parse.GetValue(query), parse.GetValue(stem), parse.GetValue(files)!, parse.GetValue(json), cancellationToken)),
            cancellationToken));
        return command;
    }

    private static int Run(CliContext cli, string? query, bool stem, FileInfo[] files, bool json, CancellationToken cancellationToken)
    {
        WatchlistRules.ValidateQuery(query);
        var missing = files.Where(f => !f.Exists).ToList();
        if (missing.Count > 0)
        {
            throw new CliException(ExitCodes.NotFound, $"no such file: {string.Join(", ", missing.Select(f => f.ToString()))}");
        }

        var matcher = WatchlistMatcher.Compile([new WatchlistDefinition(string.Empty, "query", [], query!.Trim(), stem)]);
        var maxBytes = new NewsAlertsOptions().MaxArticleBytes;
        var rows = new List<MatchRow>(files.Length);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(MatchFile(matcher, file, maxBytes));
        }

        if (json)
        {
            cli.Out.WriteLine(JsonSerializer.Serialize(rows, NewsAlertsJson.Options));
        }
        else
        {
            WriteTable(cli, rows);
        }

        foreach (var row in rows.Where(r => r.Error is not null))
        {
            cli.Error.WriteLine($"error: {row.File}: {row.Error}");
        }

        return rows.Any(r => r.Error is not null) ? ExitCodes.Failed : ExitCodes.Success;
    }

    private static MatchRow MatchFile(WatchlistMatcher matcher, FileInfo file, long maxBytes)
    {
        var name = file.ToString();
        if (file.Length > maxBytes)
        {
            return new MatchRow(name, false, [], 0, [], $"too large: {file.Length:N0} bytes is over the {maxBytes:N0}-byte limit");
        }

        ArticleDocument document;
        try
        {
            document = ArticleReader.Read(File.ReadAllBytes(file.FullName), file.Name);
        }
        catch (ArticleRejectedException ex)
        {
            return new MatchRow(name, false, [], 0, [], ex.Message);
        }

        var matches = matcher.Match(document.Title, document.Body);
        var match = matches.Count > 0 ? matches[0] : null;
        return match is null
            ? new MatchRow(name, false, [], 0, [], null)
            : new MatchRow(
                name,
                true,
                match.Terms,
                match.Score,
                match.Snippets.Select(s => new SnippetRow(s.Text, s.ToMarkedText(), s.Marks.Select(m => new MarkRow(m.Start, m.Length)).ToList())).ToList(),
                null);
    }

    private static void WriteTable(CliContext cli, List<MatchRow> rows)
    {
        var table = new Table().AddColumns("File", "Matched", "Score", "Terms", "Snippets");
        foreach (var row in rows)
        {
            var snippets = row.Snippets.Select(s => Highlight(s)).ToList();
            table.AddRow(
                new Markup(Markup.Escape(row.File)),
                new Markup(row.Error is not null ? "[red]error[/]" : row.Matched ? "[green]yes[/]" : "no"),
                new Markup(row.Matched ? row.Score.ToString("0.##", CultureInfo.InvariantCulture) : string.Empty),
                new Markup(Markup.Escape(string.Join(", ", row.Terms))),
                new Markup(row.Error is not null ? Markup.Escape(row.Error) : string.Join("\n", snippets)));
        }

        cli.Ansi.Write(table);
        var matched = rows.Count(r => r.Matched);
        cli.Ansi.MarkupLineInterpolated($"{matched} of {rows.Count} file(s) matched.");
    }

    private static string Highlight(SnippetRow snippet) =>
        new MatchSnippet(snippet.Text, snippet.Marks.Select(m => new SnippetMark(m.Start, m.Length)).ToList())
            .Render(Markup.Escape, "[bold yellow]", "[/]");

    private sealed record MatchRow(
        string File,
        bool Matched,
        IReadOnlyList<string> Terms,
        double Score,
        IReadOnlyList<SnippetRow> Snippets,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

    private sealed record SnippetRow(string Text, string Marked, IReadOnlyList<MarkRow> Marks);

    private sealed record MarkRow(int Start, int Length);
}
