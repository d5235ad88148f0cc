using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Digests;
using Spectre.Console;

namespace NewsAlerts.Cli.Subscribers;

/// <summary><c>newsalerts subscriber show</c>.</summary>
internal static class SubscriberCommands
{
    public static Command Create(CliContext cli)
    {
        var email = new Option<string>("--email") { Description = "The subscriber's email address", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"email\", \"schedule\", \"timeZone\", \"pendingMatches\", \"nextDigestAt\", \"nextDigestLocal\", \"lastDigest\"}" };
        var show = new Command("show", "Show a subscriber's digest schedule, undelivered matches and next delivery time") { email, json };
        show.SetAction(CommandRunner.WithHost(cli, async (parse, host, cancellationToken) =>
        {
            var address = parse.GetValue(email)!;
            var status = await host.Get<DigestSchedules>().GetAsync(address, cancellationToken)
                ?? throw new CliException(ExitCodes.NotFound, $"no subscriber {address}");
            if (parse.GetValue(json))
            {
                cli.Out.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        email = status.Email,
                        schedule = status.Schedule.Describe(),
                        timeZone = status.Schedule.TimeZone,
                        pendingMatches = status.PendingMatches,
                        nextDigestAt = status.NextDigestAt,
                        nextDigestLocal = status.NextDigestLocal,
                        lastDigest = status.LastDigest is { } d ? new { id = d.DigestId, status = d.Status, sentAt = d.SentAt, stories = d.StoryCount, subject = d.Subject } : null,
                    },
                    NewsAlertsJson.Options));
                return ExitCodes.Success;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Subscriber", Markup.Escape(status.Email));
            grid.AddRow("Digests", Markup.Escape(status.Schedule.Describe()));
            grid.AddRow("Undelivered matches", status.PendingMatches.ToString(CultureInfo.InvariantCulture));
            grid.AddRow("Next digest", Markup.Escape($"{status.NextDigestLocal:yyyy-MM-dd HH:mm} {status.Schedule.TimeZone} ({status.NextDigestAt:yyyy-MM-dd HH:mm} UTC)"));
            grid.AddRow("Last digest", status.LastDigest is { } last ? Markup.Escape($"{last.DigestId}: {last.Status.ToString().ToLowerInvariant()}, {last.StoryCount} stories, {last.Subject}") : "none yet");
            cli.Ansi.Write(grid);
            return ExitCodes.Success;
        }));

        var command = new Command("subscriber", "Inspect subscribers");
        command.Subcommands.Add(show);
        return command;
    }
}
