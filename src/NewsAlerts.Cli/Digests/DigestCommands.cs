using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Cli.Local;
using NewsAlerts.Digests;
using Spectre.Console;

namespace NewsAlerts.Cli.Digests;

/// <summary><c>newsalerts digest run</c>.</summary>
internal static class DigestCommands
{
    // A table longer than this is not read; the summary line counts them all and --json lists them all.
    private const int MaxRows = 50;

    public static Command Create(CliContext cli)
    {
        var json = new Option<bool>("--json")
        {
            Description = "Print JSON: {\"sent\", \"failed\", \"refused\", \"alreadySent\", \"nothingNew\", \"digests\": [{\"email\", \"digestId\", \"outcome\", \"matches\", \"stories\", \"location\", \"detail\"}], \"failures\": [text, the first 100], \"failedTries\", \"poisoned\"}",
        };
        var run = new Command("run", "Send every due digest now (plan onto the digest queue, then send each)") { json };
        run.SetAction(CommandRunner.WithHost(cli, async (parse, host, cancellationToken) =>
        {
            var runner = host.Get<DigestRunner>();
            var quiet = parse.GetValue(json);

            // --json lists every digest; the table shows those sent or refused, when few enough to read.
            var (result, kept) = quiet || !cli.Ansi.Profile.Capabilities.Interactive
                ? await RunAsync(runner, quiet ? new KeptDigestResults() : Shown(), cancellationToken)
                : await RunWithProgressAsync(cli, runner, cancellationToken);
            if (quiet)
            {
                WriteJson(cli, result, kept.Results);
            }
            else
            {
                WriteRun(cli, result, kept.Results);
            }

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

    /// <summary>What <see cref="WriteRun"/> shows of a run: digests sent or refused, one more than a table holds, to know it is too long.</summary>
    public static KeptDigestResults Shown(Action<DigestResult>? onEach = null) =>
        new(r => r.Outcome is DigestOutcome.Sent or DigestOutcome.Refused, MaxRows + 1, onEach);

    private static async Task<(DigestRun Run, KeptDigestResults Kept)> RunAsync(DigestRunner runner, KeptDigestResults kept, CancellationToken cancellationToken) =>
        (await runner.RunAsync(handled: kept, cancellationToken: cancellationToken), kept);

    /// <summary>Runs the digest with a status line that counts what is planned, then what is sent.</summary>
    private static async Task<(DigestRun Run, KeptDigestResults Kept)> RunWithProgressAsync(CliContext cli, DigestRunner runner, CancellationToken cancellationToken)
    {
        var planned = 0;
        var handled = 0;
        return await cli.Ansi.Status().StartAsync("Planning digests…", async context =>
        {
            var kept = Shown(_ => context.Status($"Sending digests… {Interlocked.Increment(ref handled):N0} of {planned:N0} done"));
            var planning = new Progress<int>(count =>
            {
                planned = Math.Max(planned, count);
                context.Status($"Planning digests… {planned:N0} enqueued so far");
            });
            return (await runner.RunAsync(planning, kept, cancellationToken), kept);
        });
    }

    /// <summary>
    /// Prints what a digest run did: one line that counts every outcome, a row per digest sent or refused (when few
    /// enough to read), then failures.
    /// </summary>
    /// <param name="cli">Where to print.</param>
    /// <param name="run">The run.</param>
    /// <param name="shown">The digests sent or refused, as <see cref="Shown"/> kept them.</param>
    public static void WriteRun(CliContext cli, DigestRun run, IReadOnlyList<DigestResult> shown)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(shown);

        // Plain, so a script or a narrow terminal gets the line whole.
        cli.Out.WriteLine(Describe(run.Summary));
        if (shown.Count is > 0 and <= MaxRows)
        {
            var table = new Table().AddColumns("Subscriber", "Digest", "Stories", "Sent to");
            foreach (var result in shown)
            {
                table.AddRow(
                    Markup.Escape(result.Email),
                    result.Outcome == DigestOutcome.Sent ? "sent" : "refused",
                    result.StoryCount.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(result.Location is { } location && File.Exists(location) ? Path.GetFileName(location) : result.Location ?? result.Detail ?? string.Empty));
            }

            cli.Ansi.Write(table);
        }

        foreach (var failure in run.Drain.Failures.Take(MaxRows))
        {
            cli.Error.WriteLine($"error: {failure}");
        }

        var described = Math.Min(run.Drain.Failures.Count, MaxRows);
        if (run.Drain.FailedTries > described)
        {
            cli.Error.WriteLine($"error: … and {run.Drain.FailedTries - described:N0} more failed tries (--verbose logs each)");
        }

        if (run.Drain.Poisoned > 0)
        {
            cli.Error.WriteLine($"error: {run.Drain.Poisoned} digest message(s) moved to the poison queue after too many tries");
        }
    }

    /// <summary>The one line that says what a run came to: <c>Digest run: sent 2, failed 0 (will retry), …</c>.</summary>
    public static string Describe(DigestRunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Subscribers == 0)
        {
            return "Digest run: no subscriber is due now.";
        }

        var refused = summary.Refused > 0 ? string.Create(CultureInfo.InvariantCulture, $", refused {summary.Refused:N0} (not retried)") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Digest run: sent {summary.Sent:N0}, failed {summary.Failed:N0} (will retry), already sent or claimed elsewhere {summary.AlreadySent:N0}, nothing new {summary.NothingNew:N0}{refused}.");
    }

    private static void WriteJson(CliContext cli, DigestRun run, IReadOnlyList<DigestResult> digests)
    {
        var summary = run.Summary;
        cli.Out.WriteLine(JsonSerializer.Serialize(
            new
            {
                sent = summary.Sent,
                failed = summary.Failed,
                refused = summary.Refused,
                alreadySent = summary.AlreadySent,
                nothingNew = summary.NothingNew,
                digests = digests.Select(r => new
                {
                    email = r.Email,
                    digestId = r.DigestId,
                    outcome = r.Outcome,
                    matches = r.MatchCount,
                    stories = r.StoryCount,
                    location = r.Location,
                    detail = r.Detail,
                }),
                failures = run.Drain.Failures,
                failedTries = run.Drain.FailedTries,
                poisoned = run.Drain.Poisoned,
            },
            NewsAlertsJson.Options));
    }
}
