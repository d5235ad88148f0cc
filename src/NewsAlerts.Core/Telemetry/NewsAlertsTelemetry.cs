using Microsoft.Extensions.DependencyInjection;
using NewsAlerts.Articles;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace NewsAlerts.Telemetry;

/// <summary>
/// What both hosts export through OpenTelemetry: the <c>NewsAlerts</c> activity source and meter (the ingest traces,
/// the digest spans, the pipeline's metrics and the model client's GenAI spans and metrics). Each host adds its own
/// exporter: Azure Monitor in the Functions app, the console in the CLI when asked.
/// </summary>
public static class NewsAlertsTelemetry
{
    /// <summary>Registers OpenTelemetry with the NewsAlerts source and meter; returns the builder for an exporter.</summary>
    public static IOpenTelemetryBuilder AddNewsAlertsTelemetry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(IngestTelemetry.SourceName))
            .WithMetrics(metrics => metrics.AddMeter(IngestTelemetry.SourceName));
    }
}
