using System.Diagnostics.Metrics;

namespace NewsAlerts.Summaries;

/// <summary>Metrics of summarization: tokens spent and fallbacks taken, by summarizer.</summary>
public sealed class SummaryMetrics
{
    /// <summary>
    /// The meter's name, for exporters (OpenTelemetry <c>AddMeter("NewsAlerts")</c>); also the source and meter name of
    /// the model client's GenAI spans and <c>gen_ai.client.*</c> metrics (<c>AddSource("NewsAlerts")</c>).
    /// </summary>
    public const string MeterName = "NewsAlerts";

    private readonly Counter<long> _inputTokens;
    private readonly Counter<long> _outputTokens;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _configurationErrors;

    /// <summary>Creates the instruments on the <c>NewsAlerts</c> meter.</summary>
    public SummaryMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _inputTokens = meter.CreateCounter<long>("newsalerts.summary.input_tokens", "{token}", "Model input tokens spent on summaries");
        _outputTokens = meter.CreateCounter<long>("newsalerts.summary.output_tokens", "{token}", "Model output tokens spent on summaries");
        _fallbacks = meter.CreateCounter<long>("newsalerts.summary.fallbacks", "{article}", "Articles summarized offline because the model failed");
        _configurationErrors = meter.CreateCounter<long>("newsalerts.summary.configuration_errors", "{article}", "Articles the model could not summarize because a setting is wrong");
    }

    /// <summary>
    /// Records the tokens one summary spent, as the chat completions' usage reported them, by summarizer
    /// (<c>azure-openai:&lt;deployment&gt;</c>), deployment and the model the endpoint says answered (unknown when none did).
    /// </summary>
    public void RecordTokens(string summarizer, string? deployment, string? model, int input, int output)
    {
        ReadOnlySpan<KeyValuePair<string, object?>> tags =
        [
            new("summarizer", summarizer),
            new("gen_ai.request.model", deployment ?? "unknown"),
            new("gen_ai.response.model", model ?? "unknown"),
        ];
        _inputTokens.Add(input, tags);
        _outputTokens.Add(output, tags);
    }

    /// <summary>Records an article the model could not summarize because <paramref name="setting"/> is wrong.</summary>
    public void RecordConfigurationError(string setting) => _configurationErrors.Add(1, new KeyValuePair<string, object?>("setting", setting));

    /// <summary>Records a fallback and its kind of reason (timeout, invalid-output, content-filter, configuration, http-NNN, error).</summary>
    public void RecordFallback(string reason) => _fallbacks.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
