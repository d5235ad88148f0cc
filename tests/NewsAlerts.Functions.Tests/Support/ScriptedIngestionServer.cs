using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NewsAlerts.Functions.Support;

/// <summary>
/// Application Insights' ingestion endpoint on loopback, as far as the Azure Monitor exporter talks to it: it accepts
/// every batch posted to <c>v2.1/track</c> (gzip-compressed lines of JSON envelopes) and keeps the envelopes, and
/// answers live metrics' calls without subscribing, so nothing the app exports leaves this machine.
/// </summary>
public sealed class ScriptedIngestionServer : IAsyncDisposable
{
    private readonly WebApplication _server;

    private ScriptedIngestionServer(WebApplication server, Uri endpoint)
    {
        _server = server;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>Every telemetry envelope received so far.</summary>
    public ConcurrentQueue<JsonObject> Envelopes { get; } = new();

    /// <summary>A connection string that sends everything here: ingestion and live metrics.</summary>
    public string ConnectionString => $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={Endpoint};LiveEndpoint={Endpoint}";

    public static async Task<ScriptedIngestionServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ScriptedIngestionServer? server = null;
        app.MapPost("/v2.1/track", async (HttpContext context) =>
        {
            Stream body = context.Request.Body;
            if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(body, CompressionMode.Decompress);
            }

            using var reader = new StreamReader(body);
            var count = 0;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Length > 0)
                {
                    server!.Envelopes.Enqueue(JsonNode.Parse(line)!.AsObject());
                    count++;
                }
            }

            return Results.Json(new { itemsReceived = count, itemsAccepted = count, errors = Array.Empty<object>() });
        });
        app.MapFallback(() => Results.Ok());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ScriptedIngestionServer(app, new Uri(address + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
