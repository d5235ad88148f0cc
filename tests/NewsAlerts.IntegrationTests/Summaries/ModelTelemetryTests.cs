using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NewsAlerts.Testing;

namespace NewsAlerts.Summaries;

/// <summary>
/// The model client's Microsoft.Extensions.AI middleware, over HTTP against the scripted endpoint: GenAI spans and
/// metrics for every call, and a call log that writes the article only at Trace and only when asked for.
/// </summary>
public sealed class ModelTelemetryTests : IAsyncLifetime
{
    private const string Body = "Dock workers at the port of Rotterdam began a 48-hour strike on Monday after talks over night-shift pay broke down. Ships were diverted to Antwerp and Hamburg.";
    private static readonly SummaryRequest Article = new("Dock workers strike at Rotterdam", Body);

    private ScriptedOpenAIServer _model = null!;

    public async Task InitializeAsync() => _model = await ScriptedOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Fact]
    public async Task AModelCallIsAGenAISpanWithItsTokensAndNoArticleText()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SummaryMetrics.MeterName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var histograms = new List<string>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SummaryMetrics.MeterName && instrument.Name.StartsWith("gen_ai.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<int>((instrument, _, _, _) => Record(histograms, instrument.Name));
        meters.SetMeasurementEventCallback<long>((instrument, _, _, _) => Record(histograms, instrument.Name));
        meters.SetMeasurementEventCallback<double>((instrument, _, _, _) => Record(histograms, instrument.Name));
        meters.Start();
        // A deployment name of its own: the listeners also hear the other test classes, which run in parallel.
        await using var storage = await TestStorage.StartAsync(_model.Settings("gpt-telemetry"));

        var summary = await storage.Get<ISummarizer>().SummarizeAsync(Article);

        Assert.Equal("azure-openai:gpt-telemetry", summary.Summarizer);
        var span = Assert.Single(spans, s => s.OperationName == "chat gpt-telemetry");
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("gpt-telemetry", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(812, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(96, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains("Rotterdam", StringComparison.Ordinal) == true);
        Assert.Contains("gen_ai.client.operation.duration", histograms);
        Assert.Contains("gen_ai.client.token.usage", histograms);
    }

    [Fact]
    public async Task ByDefaultNoLogOfAModelCallHoldsTheArticleOrTheKey()
    {
        await using var storage = await TestStorage.StartAsync(_model.Settings("gpt-test"), s => s.AddFakeLogging());

        await storage.Get<ISummarizer>().SummarizeAsync(Article);

        Assert.Null(storage.Get<IChatClient>().GetService(typeof(LoggingChatClient)));
        var records = storage.Services.GetFakeLogCollector().GetSnapshot();
        Assert.NotEmpty(records);
        Assert.DoesNotContain(records, r => r.Message.Contains("Rotterdam", StringComparison.Ordinal) || r.Message.Contains("test-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AskedForAtTraceTheCallLogWritesTheArticleAtTraceOnly()
    {
        await using var storage = await TestStorage.StartAsync(
            _model.Settings("gpt-test"),
            s => s.AddFakeLogging().AddLogging(logging => logging.AddFilter("Microsoft.Extensions.AI", LogLevel.Trace)));

        await storage.Get<ISummarizer>().SummarizeAsync(Article);

        Assert.NotNull(storage.Get<IChatClient>().GetService(typeof(LoggingChatClient)));
        var records = storage.Services.GetFakeLogCollector().GetSnapshot();
        var calls = records.Where(r => r.Category == typeof(LoggingChatClient).FullName).ToList();
        Assert.Contains(calls, r => r.Level == LogLevel.Trace && r.Message.Contains("Rotterdam", StringComparison.Ordinal));
        Assert.All(calls, r => Assert.True(r.Level <= LogLevel.Debug, $"{r.Level}: {r.Message}"));
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Information && r.Message.Contains("Rotterdam", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Message.Contains("test-key", StringComparison.Ordinal));
    }

    private static void Record(List<string> names, string name)
    {
        lock (names)
        {
            names.Add(name);
        }
    }
}
