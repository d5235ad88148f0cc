using System.CommandLine;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Articles;
using NewsAlerts.Cli.Digests;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Cli.Local;
using Microsoft.Extensions.Options;
using NewsAlerts.Digests;
using NewsAlerts.Email;
using NewsAlerts.Storage;
using NewsAlerts.Watchlists;
using Spectre.Console;

namespace NewsAlerts.Cli.Demo;

/// <summary>
/// <c>newsalerts demo</c>: the whole pipeline once, on embedded defaults: sample watchlists and articles
/// in, summaries and matches stored, digests out (as <c>.eml</c> files unless SMTP is configured).
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("demo", "Run everything once on sample articles and watchlists, and show where the digest emails went");
        command.SetAction(CommandRunner.WithHost(cli, async (_, host, cancellationToken) =>
        {
            var watchlists = host.Get<WatchlistService>();
            var samples = DemoSamples.Watchlists();
            foreach (var sample in samples)
            {
                await watchlists.AddAsync(new WatchlistRequest { Email = sample.Email, Name = sample.Name, Terms = sample.Terms, Query = sample.Query, TimeZone = sample.TimeZone }, cancellationToken);
            }

            cli.Ansi.MarkupLine($"[bold]1.[/] Added {samples.Count} sample watchlists.");

            var uploader = host.Get<ArticleUploader>();
            foreach (var name in DemoSamples.ArticleNames)
            {
                await using var stream = DemoSamples.OpenArticle(name);
                await uploader.UploadAsync(name, stream, cancellationToken: cancellationToken);
            }

            cli.Ansi.MarkupLine($"[bold]2.[/] Uploaded {DemoSamples.ArticleNames.Count} sample articles (.txt, .md, .html, .json) to the articles container.");

            var scan = await ArticleCommands.ProcessPendingAsync(cli, host.Get<ArticleScanner>(), cancellationToken);
            cli.Ansi.MarkupLine($"[bold]3.[/] Processed {scan.Processed.Count} articles: read, summarized, matched and stored in Table storage.");
            var articles = new List<Article>();
            await foreach (var article in host.Get<ArticleStore>().ListAsync(cancellationToken: cancellationToken))
            {
                articles.Add(article);
            }

            cli.Ansi.Write(ArticleCommands.ArticlesTable(articles.OrderBy(a => a.Name, StringComparer.Ordinal)));

            var shown = DigestCommands.Shown();
            var run = await host.Get<DigestRunner>().RunAsync(handled: shown, cancellationToken: cancellationToken);
            cli.Ansi.MarkupLine($"[bold]4.[/] Ran the digest: {run.Drain.Sent} email(s) sent, one per subscriber with new matches, grouped by story.");
            DigestCommands.WriteRun(cli, run, shown.Results);
            var sent = shown.Results.Where(r => r.Outcome == DigestOutcome.Sent && r.Location is not null).ToList();
            if (sent.Count > 0)
            {
                cli.Ansi.WriteLine(host.Get<IOptions<EmailOptions>>().Value.Smtp.IsConfigured ? "The digests went to the SMTP server:" : "Open the digest emails (.eml) in any mail program:");
                foreach (var digest in sent)
                {
                    cli.Out.WriteLine($"  {digest.Location}");
                }
            }

            foreach (var error in scan.Errors)
            {
                cli.Error.WriteLine($"error: {error}");
            }

            return scan.Errors.Count > 0 || run.Drain.Poisoned > 0 ? ExitCodes.Failed : ExitCodes.Success;
        }));
        return command;
    }
}
