using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Local;
using NewsAlerts.Digests;
using NewsAlerts.Storage;
using NewsAlerts.Summaries;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace NewsAlerts.Telemetry;

/// <summary>Test classes whose OpenTelemetry meter provider must hear no other test's hosts: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExportedMetricsRunAlone
{
    public const string Name = "Exported metrics";
}

/// <summary>
/// The pipeline's telemetry as an OpenTelemetry exporter receives it, registered as the hosts register it
/// (<see cref="NewsAlertsTelemetry.AddNewsAlertsTelemetry"/>) with the in-memory exporter in place of theirs.
/// </summary>
[Collection(ExportedMetricsRunAlone.Name)]
public sealed class PipelineTelemetryTests
{
    private const string StrikeBody = "Dock workers at the port of Rotterdam began a 48-hour strike on Monday after talks over night-shift pay broke down. Ships were diverted to Antwerp and Hamburg.";

    [Fact]
    public async Task AnArticleIsOneTraceFromItsBlobToItsStoredMatches()
    {
        var spans = new List<Activity>();
        await using var storage = await TestStorage.StartAsync(services: s => s.AddNewsAlertsTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        await storage.Get<WatchlistService>().AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        await storage.Get<WatchlistService>().AddAsync("bob@example.com", "Strikes", ["strike"]);
        var name = $"trace-{Guid.NewGuid():N}.txt";

        var result = await storage.IngestAsync(name, "Dock workers strike at Rotterdam\n\n" + StrikeBody);

        storage.Get<TracerProvider>().ForceFlush();
        var root = Assert.Single(spans, s => s.OperationName == IngestTelemetry.ArticleSpan && (string?)s.GetTagItem("newsalerts.article.name") == name);
        var trace = spans.Where(s => s.TraceId == root.TraceId).ToList();
        var stages = trace.Where(s => s != root).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(IngestTelemetry.Stages.Select(stage => "ingest " + stage), stages.Select(s => s.OperationName));
        Assert.All(stages, s => Assert.Equal(root.SpanId, s.ParentSpanId));
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal("processed", root.GetTagItem("newsalerts.article.status"));
        Assert.Equal(2, root.GetTagItem("newsalerts.article.matches"));
        Assert.Equal(2, result.MatchCount);
        var persisted = stages[^1].StartTimeUtc + stages[^1].Duration;
        Assert.True(persisted <= root.StartTimeUtc + root.Duration, "the persist stage ends inside the article's trace");
        Assert.Equal(2, (await MatchRowsAsync(storage, result.ArticleId)).Count);
        Assert.DoesNotContain(trace.SelectMany(s => s.TagObjects), tag => tag.Value?.ToString()?.Contains('@', StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ModelTokensFromTheCompletionsUsageAreCountedByDeploymentAndModel()
    {
        var metrics = new List<Metric>();
        await using var model = await ScriptedOpenAIServer.StartAsync();
        await using var storage = await TestStorage.StartAsync(model.Settings("gpt-tokens"), s => s.AddNewsAlertsTelemetry().WithMetrics(m => m.AddInMemoryExporter(metrics)));

        await storage.Get<ISummarizer>().SummarizeAsync(new SummaryRequest("Dock workers strike at Rotterdam", StrikeBody));

        storage.Get<MeterProvider>().ForceFlush();
        foreach (var (instrument, tokens) in new[] { ("newsalerts.summary.input_tokens", 812L), ("newsalerts.summary.output_tokens", 96L) })
        {
            var point = Assert.Single(Points(metrics, instrument));
            Assert.Equal(tokens, point.GetSumLong());
            var tags = Tags(point);
            Assert.Equal("azure-openai:gpt-tokens", tags["summarizer"]);
            Assert.Equal("gpt-tokens", tags["gen_ai.request.model"]);
            Assert.Equal("gpt-4o-mini", tags["gen_ai.response.model"]);
        }
    }

    [Fact]
    public async Task DigestsSentOverMailDevAndFailedWhenItIsGoneAreCountedWithTheQueueDepth()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        var mail = await MailDevServer.StartAsync();
        await using var storage = await TestStorage.StartAsync(
            new Dictionary<string, string?>
            {
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = mail.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:Security"] = "None",
            },
            s => s.AddNewsAlertsTelemetry().WithMetrics(m => m.AddInMemoryExporter(metrics)).WithTracing(t => t.AddInMemoryExporter(spans)));
        storage.Get<DigestQueueProcessor>().RetryDelay = TimeSpan.Zero;
        var watchlists = storage.Get<WatchlistService>();
        await watchlists.AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        await watchlists.AddAsync("bob@example.com", "Strikes", ["strike"]);
        await watchlists.AddAsync("carla@example.com", "Transit", ["metro"]);
        await storage.IngestAsync("strike.txt", "Dock workers strike at Rotterdam\n\n" + StrikeBody);

        var delivered = await storage.Get<DigestRunner>().RunAsync();
        var received = await mail.GetEmailsAsync();
        await mail.DisposeAsync();
        await storage.IngestAsync("strike-2.txt", "Rotterdam strike goes on\n\nThe strike at the port of Rotterdam entered its second day on Tuesday, with no talks planned.");
        storage.Time.Advance(TimeSpan.FromHours(1));
        var undelivered = await storage.Get<DigestRunner>().RunAsync();

        storage.Get<MeterProvider>().ForceFlush();
        storage.Get<TracerProvider>().ForceFlush();
        Assert.Equal((2, 2), (delivered.Drain.Sent, received.Count));
        Assert.Equal(2, undelivered.Drain.Poisoned);
        Assert.Equal(2, Assert.Single(Points(metrics, "newsalerts.digests.sent")).GetSumLong());
        var failed = Assert.Single(Points(metrics, "newsalerts.digests.failed"));
        var tries = storage.Get<Microsoft.Extensions.Options.IOptions<NewsAlertsOptions>>().Value.MaxDequeueCount;
        Assert.Equal(2 * tries, failed.GetSumLong());
        Assert.Equal("error", Tags(failed)["reason"]);
        Assert.False(string.IsNullOrEmpty(Tags(failed)["error.type"] as string));

        // Each run reads the queue once, after planning: it holds what that run enqueued (the queue was drained before).
        var planned = delivered.Planned + undelivered.Planned;
        Assert.Equal(planned, Assert.Single(Points(metrics, "newsalerts.digests.planned")).GetSumLong());
        var depth = Assert.Single(Points(metrics, "newsalerts.digests.queue.depth"));
        Assert.Equal((2L, (double)planned), (depth.GetHistogramCount(), depth.GetHistogramSum()));

        var sends = spans.Where(s => s.OperationName == DigestTelemetry.SendSpan).ToList();
        Assert.Equal(2, sends.Count(s => (string?)s.GetTagItem("newsalerts.digest.outcome") == "sent"));
        Assert.Equal(2 * tries, sends.Count(s => s.Status == ActivityStatusCode.Error));
        Assert.Equal(2, spans.Count(s => s.OperationName == DigestTelemetry.PlanSpan));
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), tag => tag.Value?.ToString()?.Contains('@', StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ADigestTheMailServerRefusesIsCountedAsFailedForThatReason()
    {
        var metrics = new List<Metric>();
        await using var smtp = ScriptedSmtpServer.Start(new Dictionary<SmtpStep, string> { [SmtpStep.RcptTo] = "550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown" });
        await using var storage = await TestStorage.StartAsync(smtp.Settings(), s => s.AddNewsAlertsTelemetry().WithMetrics(m => m.AddInMemoryExporter(metrics)));
        await storage.Get<WatchlistService>().AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        await storage.IngestAsync("strike.txt", "Dock workers strike at Rotterdam\n\n" + StrikeBody);

        var results = new KeptDigestResults();
        var run = await storage.Get<DigestRunner>().RunAsync(handled: results);

        storage.Get<MeterProvider>().ForceFlush();
        Assert.Equal(DigestOutcome.Refused, Assert.Single(results.Results).Outcome);
        var failed = Assert.Single(Points(metrics, "newsalerts.digests.failed"));
        Assert.Equal(1, failed.GetSumLong());
        Assert.Equal("refused", Tags(failed)["reason"]);
        Assert.Empty(Points(metrics, "newsalerts.digests.sent"));
    }

    private static List<MetricPoint> Points(List<Metric> metrics, string name)
    {
        var points = new List<MetricPoint>();

        // The in-memory exporter keeps every export; with cumulative temporality the last one holds the totals.
        var metric = metrics.LastOrDefault(m => m.Name == name);
        if (metric is not null)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    private static async Task<List<MatchEntity>> MatchRowsAsync(TestStorage storage, string articleId)
    {
        var rows = new List<MatchEntity>();
        await foreach (var row in storage.Table("Matches").QueryAsync<MatchEntity>())
        {
            if (row.ArticleId == articleId)
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}
