using System.CommandLine;
using System.Text.Json;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Watchlists;
using Spectre.Console;

namespace NewsAlerts.Cli.Watchlists;

/// <summary><c>newsalerts watchlist add|list|remove</c>.</summary>
internal static class WatchlistCommands
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("watchlist", "Manage subscribers' watchlists");
        command.Subcommands.Add(Add(cli));
        command.Subcommands.Add(List(cli));
        command.Subcommands.Add(Remove(cli));
        return command;
    }

    private static Command Add(CliContext cli)
    {
        var email = new Option<string>("--email") { Description = "The subscriber's email address", Required = true };
        var name = new Option<string>("--name") { Description = "The watchlist's name (adding a name that exists replaces it)", Required = true };
        var timeZone = new Option<string?>("--timezone") { Description = "The subscriber's IANA time zone, e.g. Europe/Paris (default: kept, or UTC for a new subscriber)" };
        var query = new Option<string?>("--query")
        {
            Description = "A query instead of terms: \"Kim Jong-un\" (visit OR summit) -sports, title:word, word*, a NEAR/5 b",
        };
        var stem = new Option<bool>("--stem") { Description = "Also match English inflections (visit matches visits, visited)" };
        var frequency = new Option<string?>("--frequency") { Description = "How often the subscriber gets digests: immediate (the next run after a match; default), daily or weekly" };
        frequency.AcceptOnlyFromAmong("immediate", "daily", "weekly");
        var at = new Option<string?>("--at") { Description = "Local time of daily and weekly digests, HH:mm (default 08:00)" };
        var day = new Option<string?>("--day") { Description = "Day of weekly digests, monday to sunday (default monday)" };
        var terms = new Argument<string[]>("term")
        {
            Description = "Words or phrases to watch for; any one of them matches. Quote phrases: \"central bank\". Give terms or --query, not both",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("add", "Add a watchlist, or replace the subscriber's watchlist of that name; set the subscriber's digest schedule") { email, name, timeZone, query, stem, frequency, at, day, terms };
        command.SetAction(CommandRunner.WithHost(cli, async (parse, host, cancellationToken) =>
        {
            var saved = await host.Get<WatchlistService>().AddAsync(
                new WatchlistRequest
                {
                    Email = parse.GetValue(email),
                    Name = parse.GetValue(name),
                    Terms = parse.GetValue(terms),
                    Query = parse.GetValue(query),
                    Stem = parse.GetValue(stem),
                    TimeZone = parse.GetValue(timeZone),
                    Frequency = parse.GetValue(frequency),
                    At = parse.GetValue(at),
                    Day = parse.GetValue(day),
                },
                cancellationToken);
            var watchlist = saved.Watchlist;
            var what = watchlist.Query ?? string.Join(", ", watchlist.Terms);
            cli.Ansi.MarkupLineInterpolated(
                $"Saved watchlist [bold]{watchlist.Name}[/] for {saved.Subscriber.Email}: {what}{(watchlist.Stem ? " (with inflections)" : string.Empty)}. Digests: {saved.Subscriber.Schedule.Describe()}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON: [{\"email\", \"name\", \"terms\", \"query\", \"stem\", \"timeZone\", \"digests\"}]" };
        var email = new Option<string?>("--email") { Description = "Only this subscriber's watchlists" };
        var command = new Command("list", "List watchlists") { json, email };
        command.SetAction(CommandRunner.WithHost(cli, async (parse, host, cancellationToken) =>
        {
            var subscribers = await host.Get<WatchlistService>().ListAsync(parse.GetValue(email), cancellationToken);
            var rows = subscribers.SelectMany(s => s.Watchlists.Select(w => new WatchlistRow(s.Subscriber.Email, w.Name, w.Terms, w.Query, w.Stem, s.Subscriber.TimeZone, s.Subscriber.Schedule.Describe()))).ToList();
            if (parse.GetValue(json))
            {
                cli.Out.WriteLine(JsonSerializer.Serialize(rows, NewsAlertsJson.Options));
                return ExitCodes.Success;
            }

            if (rows.Count == 0)
            {
                cli.Ansi.WriteLine("No watchlists yet. Add one with: newsalerts watchlist add --email <addr> --name <name> <term>...");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("Email", "Time zone", "Watchlist", "Terms or query");
            foreach (var row in rows)
            {
                var what = (row.Query ?? string.Join(", ", row.Terms)) + (row.Stem ? " (with inflections)" : string.Empty);
                table.AddRow(Markup.Escape(row.Email), Markup.Escape(row.TimeZone), Markup.Escape(row.Name), Markup.Escape(what));
            }

            cli.Ansi.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove(CliContext cli)
    {
        var email = new Option<string>("--email") { Description = "The subscriber's email address", Required = true };
        var name = new Option<string>("--name") { Description = "The watchlist's name", Required = true };
        var command = new Command("remove", "Remove a watchlist") { email, name };
        command.SetAction(CommandRunner.WithHost(cli, async (parse, host, cancellationToken) =>
        {
            if (!await host.Get<WatchlistService>().RemoveAsync(parse.GetValue(email), parse.GetValue(name), cancellationToken))
            {
                throw new CliException(ExitCodes.NotFound, $"{parse.GetValue(email)} has no watchlist named \"{parse.GetValue(name)}\"");
            }

            cli.Ansi.MarkupLineInterpolated($"Removed watchlist [bold]{parse.GetValue(name)}[/] of {parse.GetValue(email)}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private sealed record WatchlistRow(string Email, string Name, IReadOnlyList<string> Terms, string? Query, bool Stem, string TimeZone, string Digests);
}
