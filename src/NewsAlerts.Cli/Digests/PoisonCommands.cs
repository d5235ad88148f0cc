using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Digests;
using Spectre.Console;

namespace NewsAlerts.Cli.Digests;

/// <summary><c>newsalerts digest poison</c> and <c>newsalerts digest requeue-poison</c>.</summary>
internal static class PoisonCommands
{
    /// <summary>Adds both commands to <c>digest</c>.</summary>
    public static void AddTo(Command digest, CliContext cli)
    {
        digest.Subcommands.Add(List(cli));
        digest.Subcommands.Add(Requeue(cli));
    }

    private static Command List(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON: [{\"messageId\", \"email\", \"digestId\", \"insertedOn\", \"dequeueCount\", \"text\"}]" };
        var command = new Command("poison", "List digest messages given up after too many failed tries (the digest poison queue)") { json };
        command.SetAction(CommandRunner.WithHost(cli, async (parse, host, cancellationToken) =>
        {
            var poisoned = host.Get<PoisonedDigests>();
            var listing = await poisoned.ListAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                var rows = listing.Messages.Select(m => new PoisonRow(m.MessageId, m.Email, m.DigestId, m.InsertedOn, m.DequeueCount, m.Text));
                cli.Out.WriteLine(JsonSerializer.Serialize(rows, NewsAlertsJson.Options));
            }
            else if (listing.Messages.Count == 0)
            {
                cli.Ansi.WriteLine($"No digest messages on {poisoned.Name}.");
            }
            else
            {
                var table = new Table().AddColumns("Subscriber", "Digest", "Poisoned at (UTC)", "Dequeue count");
                foreach (var message in listing.Messages)
                {
                    table.AddRow(
                        Markup.Escape(message.Email ?? "(not a digest request)"),
                        Markup.Escape(message.DigestId ?? Brief(message.Text)),
                        message.InsertedOn?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty,
                        message.DequeueCount.ToString(CultureInfo.InvariantCulture));
                }

                cli.Ansi.Write(table);
                cli.Ansi.WriteLine("Send them again with: newsalerts digest requeue-poison");
            }

            if (listing.ApproximateCount > listing.Messages.Count)
            {
                cli.Error.WriteLine($"note: {poisoned.Name} holds about {listing.ApproximateCount} messages; the first {listing.Messages.Count} are shown");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Requeue(CliContext cli)
    {
        var command = new Command("requeue-poison", "Move digest messages from the poison queue back to the digest queue for another try");
        command.SetAction(CommandRunner.WithHost(cli, async (_, host, cancellationToken) =>
        {
            var poisoned = host.Get<PoisonedDigests>();
            var result = await poisoned.RequeueAsync(cancellationToken);
            cli.Ansi.WriteLine(result.Requeued == 0 && result.Skipped.Count == 0
                ? $"No digest messages on {poisoned.Name}."
                : $"Moved {result.Requeued} digest message(s) from {poisoned.Name} back to {poisoned.DigestQueueName}.");
            foreach (var skipped in result.Skipped)
            {
                cli.Error.WriteLine($"error: message {skipped.MessageId} is not a digest request and stays on {poisoned.Name}: {Brief(skipped.Text)}");
            }

            return result.Skipped.Count > 0 ? ExitCodes.Failed : ExitCodes.Success;
        }));
        return command;
    }

    private static string Brief(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private sealed record PoisonRow(string MessageId, string? Email, string? DigestId, DateTimeOffset? InsertedOn, long DequeueCount, string Text);
}
