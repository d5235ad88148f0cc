// Stand-in: Microsoft.ApplicationInsights (TelemetryConfiguration), Microsoft.ApplicationInsights.WorkerService
// (AddApplicationInsightsTelemetryWorkerService) and Microsoft.Azure.Functions.Worker.ApplicationInsights
// (ConfigureFunctionsApplicationInsights).
namespace Microsoft.ApplicationInsights.Extensibility
{
    public sealed class TelemetryConfiguration
    {
        internal object? TokenCredential { get; private set; }

        public void SetAzureTokenCredential(object tokenCredential) => TokenCredential = tokenCredential;
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    public static class ApplicationInsightsExtensions
    {
        public static IServiceCollection AddApplicationInsightsTelemetryWorkerService(this IServiceCollection services) => services;
    }
}

namespace Microsoft.Azure.Functions.Worker
{
    using Microsoft.Extensions.DependencyInjection;

    public static class FunctionsApplicationInsightsExtensions
    {
        public static IServiceCollection ConfigureFunctionsApplicationInsights(this IServiceCollection services) => services;
    }
}
