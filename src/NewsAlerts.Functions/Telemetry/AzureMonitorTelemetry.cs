using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NewsAlerts.Telemetry;

namespace NewsAlerts.Functions.Telemetry;

/// <summary>
/// The worker's OpenTelemetry export to Application Insights: the NewsAlerts traces and metrics, the Functions worker's
/// invocation spans and the worker's logs, through the Azure Monitor exporter, when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
/// is set (host.json's <c>telemetryMode</c> is <c>OpenTelemetry</c>, so the host exports its own in the same format and
/// leaves the worker's to the worker). Without the connection string (<c>func start</c>, the tests) nothing is exported
/// and the worker's logs reach the host over its channel as before.
/// </summary>
internal static class AzureMonitorTelemetry
{
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The Functions host's setting for Entra authentication: <c>ClientId=&lt;identity&gt;;Authorization=AAD</c>.</summary>
    public const string AuthenticationStringKey = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IHostApplicationBuilder AddAzureMonitorTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return builder;
        }

        var credential = Credential(builder.Configuration[AuthenticationStringKey]);
        builder.Services.AddNewsAlertsTelemetry()
            .UseFunctionsWorkerDefaults()
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
            });
        return builder;
    }

    /// <summary>
    /// The managed identity the authentication string names. The Application Insights resource has local authentication
    /// disabled, so in Azure telemetry is accepted only with an Entra token; with no such string the instrumentation key
    /// alone is sent (a resource that allows it).
    /// </summary>
    internal static TokenCredential? Credential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{AuthenticationStringKey} must be \"Authorization=AAD\" or \"ClientId=<client id>;Authorization=AAD\"");
        }

        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
