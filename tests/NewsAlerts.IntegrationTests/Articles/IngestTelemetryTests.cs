using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NewsAlerts.Articles;

/// <summary>The ingest pipeline's trace and metrics, as an exporter would receive them.</summary>
public class IngestTelemetryTests : StorageTest
{
    [Fact]
    public async Task EachArticleIsOneTraceWithASpanPerStageAndIsCountedByStatusAndReason()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IngestTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var counted = new ConcurrentBag<(string Status, string Reason)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "newsalerts.articles.processed")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var all = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            counted.Add((all["status"]!, all["reason"]!));
        });
        meters.Start();
        var good = $"telemetry-{Guid.NewGuid():N}.md";
        var bad = $"telemetry-{Guid.NewGuid():N}.json";

        await Storage.IngestAsync(good, "# Dock workers strike in Rotterdam\n\nDock workers at the port of Rotterdam began a 48-hour strike on Monday.");
        await Storage.IngestAsync(bad, "{\"title\": ");

        var root = Assert.Single(spans, s => s.OperationName == IngestTelemetry.ArticleSpan && (string?)s.GetTagItem("newsalerts.article.name") == good);
        var stages = spans.Where(s => s.TraceId == root.TraceId && s != root).OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName);
        Assert.Equal(IngestTelemetry.Stages.Select(stage => "ingest " + stage), stages);
        Assert.Equal("processed", root.GetTagItem("newsalerts.article.status"));
        Assert.Contains(("processed", "none"), counted);
        Assert.Contains(("rejected", "invalid json"), counted);
    }
}
