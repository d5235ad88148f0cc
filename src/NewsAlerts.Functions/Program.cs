using Azure.Identity;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsAlerts;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddNewsAlerts();

// host.json's "logging" governs the host's own logs, not the worker's. Without these the Azure SDK sends a log
// of every storage request to the host and on to Application Insights, and ASP.NET Core logs each forwarded
// request's URL, unsubscribe tokens included (the host logs its requests already).
builder.Logging.AddFilter("Azure", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// Local authentication is disabled on the Application Insights resource, and this SDK does not read
// APPLICATIONINSIGHTS_AUTHENTICATION_STRING: ingestion authenticates with the app's managed identity.
builder.Services.Configure<TelemetryConfiguration>(telemetry => telemetry.SetAzureTokenCredential(
    new DefaultAzureCredential(new DefaultAzureCredentialOptions
    {
        ManagedIdentityClientId = builder.Configuration["AZURE_CLIENT_ID"] ?? builder.Configuration["AzureWebJobsStorage:clientId"],
    })));

// The Application Insights logger provider keeps only warnings by default; NewsAlerts' information logs
// (articles processed, digests planned and sent) are what operators read, so that default rule goes.
builder.Services.Configure<LoggerFilterOptions>(options =>
{
    var warningsOnly = options.Rules.FirstOrDefault(rule => rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (warningsOnly is not null)
    {
        options.Rules.Remove(warningsOnly);
    }
});

builder.Build().Run();
