using System.Text.Json.Nodes;
using NewsAlerts.Functions.HostProtocol;
using NewsAlerts.Functions.Support;
using NewsAlerts.Functions.Telemetry;
using NewsAlerts.Testing;

namespace NewsAlerts.Functions.EndToEnd;

/// <summary>The worker's OpenTelemetry export: Azure Monitor when the connection string is set, nothing otherwise.</summary>
public sealed class TelemetryExportTests : IAsyncLifetime
{
    private const string Capability = "WorkerOpenTelemetryEnabled";
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(90);

    private TestStorage _storage = null!;
    private ScriptedIngestionServer _ingestion = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestStorage.StartAsync();
        _ingestion = await ScriptedIngestionServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _ingestion.DisposeAsync();
        await _storage.DisposeAsync();
    }

    [Fact]
    public async Task WithTheConnectionStringTheWorkerExportsEachArticlesTraceAndItsLogsWithoutAddressesToApplicationInsights()
    {
        var settings = await TestStorage.SettingsAsync(_storage.Id, _storage.Outbox);
        settings[AzureMonitorTelemetry.ConnectionStringKey] = _ingestion.ConnectionString;

        // The exporter's own usage reports go to Microsoft's endpoints, not to the connection string's: off here.
        settings["APPLICATIONINSIGHTS_STATSBEAT_DISABLED"] = "true";
        settings["APPLICATIONINSIGHTS_SDKSTATS_DISABLED"] = "true";
        await using var host = await TestFunctionsHost.StartAsync(settings);
        var name = $"exported-{Guid.NewGuid():N}.txt";
        await _storage.UploadAsync(name, "Dock workers strike at Rotterdam\n\nDock workers at the port of Rotterdam began a 48-hour strike on Monday.");

        var invocation = await host.InvokeBlobAsync("ProcessArticle", name);
        var root = await WaitForAsync(e => Name(e) == "ingest article" && Property(e, "newsalerts.article.name") == name);
        var traceId = Tag(root, "ai.operation.id");
        var stages = await WaitForAllAsync(e => Tag(e, "ai.operation.id") == traceId && Name(e)?.StartsWith("ingest ", StringComparison.Ordinal) == true && Name(e) != "ingest article", 6);
        var (created, _) = await host.InvokeHttpAsync("CreateWatchlist", HttpMethod.Post, "watchlists", """{"email":"dana@example.com","name":"Ports","terms":["Rotterdam"]}""");
        var saved = await WaitForAsync(e => Message(e)?.StartsWith("Saved watchlist Ports of ", StringComparison.Ordinal) == true);

        Assert.True(invocation.Succeeded, invocation.ToString());
        Assert.Equal(bool.TrueString, host.Capabilities[Capability], ignoreCase: true);
        Assert.Equal("processed", Property(root, "newsalerts.article.status"));
        Assert.Equal(["ingest download", "ingest match", "ingest persist", "ingest read", "ingest story", "ingest summarize"], stages.Select(Name).Order());
        Assert.All(stages, stage => Assert.Equal(Data(root)?["id"]?.GetValue<string>(), Tag(stage, "ai.operation.parentId")));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("MessageData", saved["data"]?["baseType"]?.GetValue<string>());
        Assert.DoesNotContain(_ingestion.Envelopes, e => e.ToJsonString().Contains("dana@example.com", StringComparison.Ordinal) || e.ToJsonString().Contains("dana%40example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutTheConnectionStringTheWorkerLeavesItsTelemetryToTheHost()
    {
        await using var host = await TestFunctionsHost.StartAsync(await TestStorage.SettingsAsync(_storage.Id, _storage.Outbox));

        Assert.False(host.Capabilities.ContainsKey(Capability));
    }

    [Theory]
    [InlineData("ClientId=2b8a7c1e-0000-4000-8000-000000000001;Authorization=AAD")]
    [InlineData("Authorization=AAD")]
    public void AnEntraAuthenticationStringGivesAManagedIdentityCredential(string authentication) =>
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(AzureMonitorTelemetry.Credential(authentication));

    [Fact]
    public void WithoutAnAuthenticationStringTheExporterSendsTheKeyAlone() =>
        Assert.Null(AzureMonitorTelemetry.Credential(null));

    [Fact]
    public void AnAuthenticationStringThatIsNotEntraFailsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AzureMonitorTelemetry.Credential("ClientId=abc"));
        Assert.Contains(AzureMonitorTelemetry.AuthenticationStringKey, error.Message, StringComparison.Ordinal);
    }

    private async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match) => (await WaitForAllAsync(match, 1))[0];

    private async Task<List<JsonObject>> WaitForAllAsync(Func<JsonObject, bool> match, int count)
    {
        using var timeout = new CancellationTokenSource(ExportTimeout);
        while (true)
        {
            var found = _ingestion.Envelopes.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"{found.Count} of {count} envelopes exported within {ExportTimeout}; received: {string.Join(", ", _ingestion.Envelopes.Select(Name))}");
            }

            await Task.Delay(250, CancellationToken.None);
        }
    }

    private static JsonObject? Data(JsonObject envelope) => envelope["data"]?["baseData"]?.AsObject();

    private static string? Name(JsonObject envelope) => Data(envelope)?["name"]?.GetValue<string>();

    private static string? Message(JsonObject envelope) => Data(envelope)?["message"]?.GetValue<string>();

    private static string? Property(JsonObject envelope, string key) => Data(envelope)?["properties"]?[key]?.GetValue<string>();

    private static string? Tag(JsonObject envelope, string key) => envelope["tags"]?[key]?.GetValue<string>();
}
