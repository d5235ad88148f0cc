using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;
using Azure.Data.Tables;
using NewsAlerts.Testing;

namespace NewsAlerts.Logging;

/// <summary>
/// The Azure SDK's own request log: off by default, because Microsoft.Extensions.Azure listens to it at every level and
/// the SDK would format every request's headers for a line the log filter drops; one setting brings it back.
/// </summary>
public class AzureSdkLoggingTests
{
    [Fact]
    public async Task ByDefaultTheSdkWritesNoRequestEvents()
    {
        await using var storage = await TestStorage.StartAsync();

        var requests = await RequestEventsOfOneQueryAsync(storage);

        Assert.Empty(requests);
    }

    [Fact]
    public async Task AzureDefaultsDiagnosticsIsLoggingEnabledBringsTheSdkRequestLogBack()
    {
        await using var storage = await TestStorage.StartAsync(new Dictionary<string, string?> { ["AzureDefaults:Diagnostics:IsLoggingEnabled"] = "true" });

        var requests = await RequestEventsOfOneQueryAsync(storage);

        Assert.Contains(requests, line => line.Contains("GET", StringComparison.Ordinal) && line.Contains("Tables", StringComparison.Ordinal));
    }

    // The SDK's events are process-wide: this class's tests run one at a time, and every other client in the suite has the default.
    private static async Task<IReadOnlyList<string>> RequestEventsOfOneQueryAsync(TestStorage storage)
    {
        var lines = new ConcurrentQueue<string>();
        using (new AzureEventSourceListener((e, message) => { if (e.EventSource.Name == "Azure-Core" && e.EventName == "Request") lines.Enqueue(message); }, EventLevel.Verbose))
        {
            var tables = storage.Get<TableServiceClient>();
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1))
            {
                break;
            }
        }

        return [.. lines];
    }
}
