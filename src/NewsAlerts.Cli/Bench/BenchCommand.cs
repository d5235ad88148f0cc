using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Cli.Local;
using NewsAlerts.Digests;
using NewsAlerts.Storage;
using NewsAlerts.Watchlists;
using Spectre.Console;

namespace NewsAlerts.Cli.Bench;

/// <summary><c>newsalerts bench</c>: load measured end to end against real storage.</summary>
internal static class BenchCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("bench", "Measure NewsAlerts under load against real storage (a private Azurite unless AzureWebJobsStorage is set)");
        command.Subcommands.Add(Ingest(cli));
        command.Subcommands.Add(Digests(cli));
        return command;
    }

    private static Command Digests(CliContext cli)
    {
        // 1,000 by default, like bench ingest: against the local Azurite, 10,000 take about 37 minutes (README "Digests at scale").
        var subscribers = new Option<int>("--subscribers") { Description = "How many subscribers, all due (immediate digests); the README's run is 10000", DefaultValueFactory = _ => 1000 };
        var matches = new Option<int>("--matches") { Description = "Undelivered matches per subscriber", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json")
        {
            Description = "Print JSON: {\"subscribers\", \"matchesPerSubscriber\", \"seconds\", \"digestsPerSecond\", \"requests\", \"requestsPerSubscriber\", \"requestsPerSubscriberByKind\": {\"METHOD service name\": n}, \"peakMemoryMegabytes\", \"peakLiveHeapMegabytes\", \"storageCpuMillisecondsPerSubscriber\", \"emailsWritten\", \"summary\": {\"sent\", \"failed\", \"refused\", \"alreadySent\", \"nothingNew\", \"subscribers\"}}",
        };
        var command = new Command(
            "digests",
            "Store subscribers with undelivered matches (through the stores, in batches), then run the digest as digest run does, into a temporary outbox, "
            + "and report wall time, storage requests (total and per subscriber), peak memory during the run (working set, and the managed heap in use), "
            + "a private Azurite's CPU per subscriber and the emails written")
        {
            subscribers,
            matches,
            json,
        };
        // On each option, so an option left at its default is not checked as 0.
        subscribers.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1_000_000)
            {
                result.AddError("--subscribers must be 1 to 1,000,000");
            }
        });
        matches.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 100)
            {
                result.AddError("--matches must be 1 to 100");
            }
        });

        var counter = new StorageRequestCounter();
        var outbox = Path.Combine(Path.GetTempPath(), "newsalerts-bench-outbox-" + Guid.NewGuid().ToString("N")[..8]);
        command.SetAction(CommandRunner.WithHost(
            cli,
            async (parse, host, cancellationToken) =>
            {
                var count = parse.GetValue(subscribers);
                var each = parse.GetValue(matches);
                var quiet = parse.GetValue(json);
                var bench = new DigestBench(host.Get<SubscriberStore>(), host.Get<MatchStore>(), host.Get<DigestRunner>(), counter, host.Get<TimeProvider>());
                DigestBenchResult result = null!;
                try
                {
                    await WithDigestProgress(cli, quiet, count, each, async (stored, planned, handled) =>
                    {
                        await bench.PrepareAsync(count, each, stored, cancellationToken);
                        result = await bench.RunAsync(count, each, outbox, () => host.EmbeddedAzuriteProcessorTime, planned, handled, cancellationToken);
                    });
                }
                finally
                {
                    if (Directory.Exists(outbox))
                    {
                        Directory.Delete(outbox, recursive: true);
                    }
                }

                if (quiet)
                {
                    cli.Out.WriteLine(JsonSerializer.Serialize(result, NewsAlertsJson.Options));
                }
                else
                {
                    Write(cli, result);
                }

                return result.Summary.Failed > 0 ? ExitCodes.Failed : ExitCodes.Success;
            },
            // Digests go to a temporary outbox whatever is configured: a bench never mails anyone.
            overrides: _ => new Dictionary<string, string?> { ["Email:PickupDirectory"] = outbox, ["Email:Smtp:Host"] = string.Empty },
            services: services =>
            {
                counter.Reset();
                counter.Install(services);
            }));
        return command;
    }

    private static async Task WithDigestProgress(CliContext cli, bool quiet, int count, int each, Func<IProgress<int>, IProgress<int>, IProgress<DigestResult>, Task> work)
    {
        if (quiet || !cli.Ansi.Profile.Capabilities.Interactive)
        {
            await work(new Progress<int>(), new Progress<int>(), new Progress<DigestResult>());
            return;
        }

        await cli.Ansi.Progress().StartAsync(async context =>
        {
            var store = context.AddTask($"Storing {count:N0} subscribers with {each:N0} matches each", maxValue: count);
            var plan = context.AddTask($"Planning {count:N0} digests", maxValue: count);
            var send = context.AddTask($"Sending {count:N0} digests", maxValue: count);
            var handled = 0;
            await work(
                new Progress<int>(done => store.Value = done),
                new Progress<int>(done => plan.Value = Math.Max(plan.Value, done)),
                new Progress<DigestResult>(_ => send.Value = Interlocked.Increment(ref handled)));
            plan.Value = plan.MaxValue;
            send.Value = send.MaxValue;
        });
    }

    private static void Write(CliContext cli, DigestBenchResult result)
    {
        var summary = new Table().AddColumns("measure", "value");
        summary.AddRow("subscribers, matches each", $"{result.Subscribers:N0}, {result.MatchesPerSubscriber:N0}");
        summary.AddRow("wall time", $"{result.Seconds:N2} s ({result.DigestsPerSecond:N1} digests/s)");
        summary.AddRow("storage requests", $"{result.Requests:N0} ({result.RequestsPerSubscriber:N2} per subscriber)");
        summary.AddRow("peak memory during the run", $"{result.PeakMemoryMegabytes:N0} MB working set, {result.PeakLiveHeapMegabytes:N0} MB managed heap in use");
        summary.AddRow("CPU per subscriber (Azurite)", result.StorageCpuMillisecondsPerSubscriber is { } storage ? $"{storage:N2} ms" : "not measured (not a private Azurite)");
        summary.AddRow("emails written (outbox)", result.EmailsWritten.ToString("N0", CultureInfo.InvariantCulture));
        summary.AddRow("run", Markup.Escape(Cli.Digests.DigestCommands.Describe(result.Summary)));
        cli.Ansi.Write(summary);

        var kinds = new Table().AddColumns("storage request", "per subscriber");
        foreach (var (kind, perSubscriber) in result.RequestsPerSubscriberByKind.OrderByDescending(k => k.Value))
        {
            kinds.AddRow(Markup.Escape(kind), perSubscriber.ToString("N2", CultureInfo.InvariantCulture));
        }

        cli.Ansi.Write(kinds);
    }

    private static Command Ingest(CliContext cli)
    {
        var articles = new Option<int>("--articles") { Description = "How many generated articles to ingest", DefaultValueFactory = _ => 1000 };
        var subscribers = new Option<int>("--subscribers") { Description = "How many subscribers, each with a watchlist on one of the articles' eight topics", DefaultValueFactory = _ => 20 };
        var concurrency = new Option<int>("--concurrency") { Description = "Articles processed at once (NewsAlerts:ScanConcurrency)", DefaultValueFactory = _ => new NewsAlertsOptions().ScanConcurrency };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"articles\", \"subscribers\", \"concurrency\", \"seconds\", \"articlesPerSecond\", \"articlesPerSecondByTenth\": [n], \"p50Milliseconds\", \"p99Milliseconds\", \"peakMemoryMegabytes\", \"cpuMillisecondsPerArticle\", \"storageCpuMillisecondsPerArticle\", \"stageMillisecondsPerArticle\": {stage: ms}, \"requestsPerArticle\", \"requestsPerArticleByKind\": {\"METHOD service name\": n}, \"stories\", \"matches\", \"failed\", \"floor\": {\"roundTrips\", \"roundTripMilliseconds\", \"roundTripsPerSecond\", \"cpuMillisecondsPerRoundTrip\", \"storageCpuMillisecondsPerRoundTrip\", \"articlesPerSecond\", \"shareReached\"}}" };
        var command = new Command(
            "ingest",
            "Upload generated articles (events on eight topics, each told by several outlets), then process them through the local host's container scan as serve does, "
            + "and report articles/s, time per article (p50, p99), peak memory, CPU per article (this process and a private Azurite), time per stage and storage requests per article; "
            + "then, as the baseline, point reads with 32 in flight: what one round trip costs and the most articles/s those round trips allow on this machine")
        {
            articles,
            subscribers,
            concurrency,
            json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(articles) is < 1 or > 1_000_000 || result.GetValue(subscribers) is < 0 or > 100_000)
            {
                result.AddError("--articles must be 1 to 1,000,000 and --subscribers 0 to 100,000");
            }
        });

        var counter = new StorageRequestCounter();
        command.SetAction(CommandRunner.WithHost(
            cli,
            async (parse, host, cancellationToken) =>
            {
                var count = parse.GetValue(articles);
                var readers = parse.GetValue(subscribers);
                counter.TablePrefix = host.Get<IOptions<NewsAlertsOptions>>().Value.TablePrefix;
                var bench = new IngestBench(host.Get<ArticleScanner>(), host.Get<ArticleUploader>(), host.Get<WatchlistService>(), host.Get<ArticleStore>(), counter);
                IngestBenchResult result = null!;
                var quiet = parse.GetValue(json);
                await WithProgress(cli, quiet, async (uploaded, processed) =>
                {
                    await bench.PrepareAsync(count, readers, uploaded, cancellationToken);
                    result = await bench.RunAsync(readers, parse.GetValue(concurrency), () => host.EmbeddedAzuriteProcessorTime, processed, cancellationToken);
                }, count);

                if (quiet)
                {
                    cli.Out.WriteLine(JsonSerializer.Serialize(result, NewsAlertsJson.Options));
                }
                else
                {
                    Write(cli, result);
                }

                return result.Failed > 0 ? ExitCodes.Failed : ExitCodes.Success;
            },
            overrides: parse => new Dictionary<string, string?> { ["NewsAlerts:ScanConcurrency"] = parse.GetValue(concurrency).ToString(CultureInfo.InvariantCulture) },
            services: services =>
            {
                counter.Reset();
                counter.Install(services);
            }));
        return command;
    }

    private static async Task WithProgress(CliContext cli, bool quiet, Func<IProgress<int>, IProgress<int>, Task> work, int count)
    {
        if (quiet)
        {
            await work(new Progress<int>(), new Progress<int>());
            return;
        }

        await cli.Ansi.Progress().StartAsync(async context =>
        {
            var upload = context.AddTask($"Uploading {count:N0} articles", maxValue: count);
            var process = context.AddTask($"Processing {count:N0} articles", maxValue: count);
            await work(new Progress<int>(done => upload.Value = done), new Progress<int>(done => process.Value = done));
        });
    }

    private static void Write(CliContext cli, IngestBenchResult result)
    {
        var summary = new Table().AddColumns("measure", "value");
        summary.AddRow("articles", result.Articles.ToString("N0", CultureInfo.InvariantCulture));
        summary.AddRow("articles per second", result.ArticlesPerSecond.ToString("N1", CultureInfo.InvariantCulture));
        if (result.ArticlesPerSecondByTenth.Count > 0)
        {
            summary.AddRow("articles per second, each tenth in turn", string.Join(" · ", result.ArticlesPerSecondByTenth.Select(rate => rate.ToString("N1", CultureInfo.InvariantCulture))));
        }

        summary.AddRow("time per article, p50 / p99", $"{result.P50Milliseconds:N1} / {result.P99Milliseconds:N1} ms");
        summary.AddRow("CPU per article (this process)", $"{result.CpuMillisecondsPerArticle:N2} ms");
        summary.AddRow("CPU per article (Azurite)", result.StorageCpuMillisecondsPerArticle is { } storage ? $"{storage:N2} ms" : "not measured (not a private Azurite)");
        summary.AddRow("storage requests per article", result.RequestsPerArticle.ToString("N2", CultureInfo.InvariantCulture));
        summary.AddRow("peak memory", $"{result.PeakMemoryMegabytes:N0} MB");
        summary.AddRow("stories", result.Stories.ToString("N0", CultureInfo.InvariantCulture));
        summary.AddRow("matches", result.Matches.ToString("N0", CultureInfo.InvariantCulture));
        summary.AddRow("failed", result.Failed.ToString("N0", CultureInfo.InvariantCulture));
        summary.AddRow("concurrency, subscribers", $"{result.Concurrency}, {result.Subscribers:N0}");
        cli.Ansi.Write(summary);

        var stages = new Table().AddColumns("stage", "ms per article");
        foreach (var (stage, milliseconds) in result.StageMillisecondsPerArticle)
        {
            stages.AddRow(stage, milliseconds.ToString("N2", CultureInfo.InvariantCulture));
        }

        cli.Ansi.Write(stages);
        var kinds = new Table().AddColumns("storage request", "per article");
        foreach (var (kind, perArticle) in result.RequestsPerArticleByKind.OrderByDescending(k => k.Value))
        {
            kinds.AddRow(Markup.Escape(kind), perArticle.ToString("N2", CultureInfo.InvariantCulture));
        }

        cli.Ansi.Write(kinds);
        var floor = result.Floor;
        var baseline = new Table().AddColumns($"baseline: storage point reads, {IngestBench.FloorConcurrency} in flight", "value");
        baseline.AddRow("round trips per second", $"{floor.RoundTripsPerSecond:N0} ({floor.RoundTripMilliseconds:N2} ms each with {IngestBench.FloorConcurrency} in flight)");
        baseline.AddRow("CPU per round trip (this process)", $"{floor.CpuMillisecondsPerRoundTrip:N3} ms");
        baseline.AddRow("CPU per round trip (Azurite)", floor.StorageCpuMillisecondsPerRoundTrip is { } storageCpu ? $"{storageCpu:N3} ms" : "not measured");
        baseline.AddRow("most articles/s these round trips allow", $"{floor.ArticlesPerSecond:N1} ({result.RequestsPerArticle:N1} round trips each)");
        baseline.AddRow("share of it reached", $"{floor.ShareReached:P0}");
        cli.Ansi.Write(baseline);
        cli.Ansi.MarkupLine("[grey]Stage times overlap when articles are processed at once; the slowest resource shows as time, not CPU.[/]");
    }
}
