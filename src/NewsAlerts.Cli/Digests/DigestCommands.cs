using System.CommandLine;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Cli.Local;
using NewsAlerts.Digests;
using Spectre.Console;

namespace NewsAlerts.Cli.Digests;

/// <summary><c>newsalerts digest run</c>.</summary>
internal static class DigestCommands
{
    public static Command Create(CliContext cli)
    {
        var run = new Command("run", "Send every due digest now (plan onto the digest queue, then send each)");
        run.SetAction(CommandRunner.WithHost(cli, async (_, host, cancellationToken) =>
        {
            var result = await host.Get<DigestRunner>().RunAsync(cancellationToken);
            WriteRun(cli, result);
            // A try that failed is retried; only a digest given up on (poisoned) fails the run.
            return result.Drain.Poisoned > 0 ? ExitCodes.Failed : ExitCodes.Success;
        }));

        var command = new Command("digest", "Send digests");
        command.Subcommands.Add(Preview(cli));
        command.Subcommands.Add(run);
        PoisonCommands.AddTo(command, cli);
        return command;
    }

    private static Command Preview(CliContext cli)
    {
        var email = new Option<string>("--email") { Description = "The subscriber's email address", Required = true };
        var html = new Option<FileInfo?>("--html") { Description = "Also write the digest's HTML to this file, to open in a browser" };
        var preview = new Command("preview", "Show the digest a subscriber would get now, without sending it or marking anything delivered") { email, html };
        preview.SetAction(CommandRunner.WithHost(cli, async (parse, host, cancellationToken) =>
        {
            var address = parse.GetValue(email)!;
            var draft = await host.Get<DigestPreview>().ComposeAsync(address, cancellationToken)
                ?? throw new CliException(ExitCodes.NotFound, $"no subscriber {address}");
            if (draft.Message is null)
            {
                cli.Ansi.WriteLine($"{draft.Email} has no undelivered matches: their next digest would be empty, so none would be sent.");
                return ExitCodes.Success;
            }

            cli.Out.WriteLine($"To: {draft.Email}");
            cli.Out.WriteLine($"Subject: {draft.Message.Subject}");
            cli.Out.WriteLine($"Digest: {draft.DigestId} ({draft.Stories.Count} stories from {draft.MatchCount} matches)");
            cli.Out.WriteLine();
            cli.Out.WriteLine(draft.Message.TextBody);
            if (parse.GetValue(html) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, draft.Message.HtmlBody, cancellationToken);
                cli.Error.WriteLine($"HTML written to {file.FullName}");
            }

            return ExitCodes.Success;
        }));
        return preview;
    }

    /// <summary>Prints what a digest run did: one row per digest sent or refused, then failures.</summary>
    public static void WriteRun(CliContext cli, DigestRun run)
    {
        var shown = run.Drain.Results.Where(r => r.Outcome is DigestOutcome.Sent or DigestOutcome.Refused).ToList();
        if (shown.Count == 0)
        {
            cli.Ansi.WriteLine($"No new matches for any of {run.Planned} subscribers: no digest sent.");
        }
        else
        {
            var table = new Table().AddColumns("Subscriber", "Digest", "Stories", "Sent to");
            foreach (var result in shown)
            {
                table.AddRow(
                    Markup.Escape(result.Email),
                    result.Outcome == DigestOutcome.Sent ? "sent" : "refused",
                    result.StoryCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(result.Location is { } location && File.Exists(location) ? Path.GetFileName(location) : result.Location ?? result.Detail ?? string.Empty));
            }

            cli.Ansi.Write(table);
        }

        foreach (var failure in run.Drain.Failures)
        {
            cli.Error.WriteLine($"error: {failure}");
        }

        if (run.Drain.Poisoned > 0)
        {
            cli.Error.WriteLine($"error: {run.Drain.Poisoned} digest message(s) moved to the poison queue after too many tries");
        }
    }
}
