using System.CommandLine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Cli.Local;

namespace NewsAlerts.Cli.Serve;

/// <summary><c>newsalerts serve</c>: the local host.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext cli)
    {
        var poll = new Option<double>("--poll-interval") { Description = "Seconds between looks for new or changed articles", DefaultValueFactory = _ => 2 };
        poll.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 3600)
            {
                result.AddError("--poll-interval must be between 0 and 3600 seconds");
            }
        });
        var command = new Command("serve", "Run the local host: process each new or changed article once, send digests on the schedule; Ctrl+C stops") { poll };
        command.SetAction(CommandRunner.WithHost(
            cli,
            async (parse, host, cancellationToken) =>
            {
                var options = host.Get<IOptions<NewsAlertsOptions>>().Value;
                var local = host.Get<LocalHost>();
                cli.Error.WriteLine(
                    $"Serving {host.Storage.Describe()}: watching container \"{options.ArticlesContainer}\" every {parse.GetValue(poll)} s; " +
                    $"digests on \"{options.DigestSchedule}\" (UTC), next at {local.NextDigestAfter(DateTimeOffset.UtcNow):u}. Press Ctrl+C to stop.");
                // Runs until stopped; the stop ends it as cancelled (130, or 143 for SIGTERM), like every other command.
                await local.RunAsync(TimeSpan.FromSeconds(parse.GetValue(poll)), cancellationToken);
                return ExitCodes.Success;
            },
            LogLevel.Information));
        return command;
    }
}
