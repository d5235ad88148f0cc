using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsAlerts;
using NewsAlerts.Functions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddNewsAlerts();

// host.json's "logging" governs the host's own logs, not the worker's. Without these the Azure SDK sends a log
// of every storage request to the host and on to Application Insights, and ASP.NET Core logs each forwarded
// request's URL, unsubscribe tokens included (the host logs its requests already).
builder.Logging.AddFilter("Azure", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

builder.AddAzureMonitorTelemetry();

builder.Build().Run();
