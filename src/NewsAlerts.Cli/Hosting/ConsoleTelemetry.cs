using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NewsAlerts.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NewsAlerts.Cli.Hosting;

/// <summary>
/// The CLI's telemetry, off unless asked for with OpenTelemetry's own settings: <c>OTEL_TRACES_EXPORTER=console</c>
/// prints each span (an article's <c>ingest article</c> trace and its stages, the digest spans, model calls) and
/// <c>OTEL_METRICS_EXPORTER=console</c> the metrics (periodically, and once when the command ends) to standard output,
/// in the OpenTelemetry console exporter's format.
/// </summary>
internal static class ConsoleTelemetry
{
    public const string TracesExporterKey = "OTEL_TRACES_EXPORTER";
    public const string MetricsExporterKey = "OTEL_METRICS_EXPORTER";

    /// <summary>The service name the console's spans and metrics carry.</summary>
    public const string ServiceName = "newsalerts";

    public static IHostApplicationBuilder AddConsoleTelemetry(this IHostApplicationBuilder builder)
    {
        var traces = Requested(builder.Configuration, TracesExporterKey);
        var metrics = Requested(builder.Configuration, MetricsExporterKey);
        if (!traces && !metrics)
        {
            return builder;
        }

        var telemetry = builder.Services.AddNewsAlertsTelemetry().ConfigureResource(resource => resource.AddService(ServiceName));
        if (traces)
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter());
        }

        if (metrics)
        {
            telemetry.WithMetrics(meters => meters.AddConsoleExporter());
        }

        return builder;
    }

    private static bool Requested(IConfiguration configuration, string key)
    {
        var value = configuration[key]?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return value.Equals("console", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new CliException(ExitCodes.Configuration, $"{key} \"{value}\" is not an exporter newsalerts has: set it to console, or none (the default)");
    }
}
