using System.CommandLine;
using System.CommandLine.Help;
using NewsAlerts.Cli.Articles;
using NewsAlerts.Cli.Bench;
using NewsAlerts.Cli.Demo;
using NewsAlerts.Cli.Deployment;
using NewsAlerts.Cli.Digests;
using NewsAlerts.Cli.Evaluation;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Cli.Serve;
using NewsAlerts.Cli.Subscribers;
using NewsAlerts.Cli.Summaries;
using NewsAlerts.Cli.Watchlists;

namespace NewsAlerts.Cli;

/// <summary>The <c>newsalerts</c> command line.</summary>
internal static class NewsAlertsCli
{
    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand("NewsAlerts: summarize uploaded news articles, match them against watchlists, and email digests")
        {
            DemoCommand.Create(cli),
            ServeCommand.Create(cli),
            ArticleCommands.Process(cli),
            ArticleCommands.Upload(cli),
            WatchlistCommands.Create(cli),
            MatchCommand.Create(cli),
            ArticleCommands.List(cli),
            DigestCommands.Create(cli),
            SubscriberCommands.Create(cli),
            SummaryCommands.Summarize(cli),
            EvalCommand.Create(cli),
            SmokeCommand.Create(cli),
            BenchCommand.Create(cli),
        };
        root.Options.Add(CommandRunner.Verbose);

        // Bare "newsalerts" shows what it can do rather than an error.
        root.SetAction(parse => new HelpAction().Invoke(parse));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliContext cli, CancellationToken cancellationToken = default)
    {
        var root = Build(cli);
        var parse = root.Parse(args);

        // One clear line per problem instead of a wall of help; --help shows the help.
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await cli.Error.WriteLineAsync($"error: {error.Message}");
            }

            var command = string.Join(' ', parse.CommandResult.Command.Name == root.Name ? [] : CommandPath(parse.CommandResult));
            await cli.Error.WriteLineAsync($"Run 'newsalerts {(command.Length > 0 ? command + " " : string.Empty)}--help' for usage.");
            return ExitCodes.InvalidInput;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = cli.Out, Error = cli.Error }, cancellationToken);
    }

    private static Stack<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current?.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }
}
