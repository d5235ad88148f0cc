using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;

namespace NewsAlerts.Cli.Bench;

/// <summary>
/// Counts the storage requests a host sends, by what they ask of which table, container or queue (for example
/// <c>GET table Articles</c>): an Azure.Core pipeline policy on every client the host makes. Counts are exact, so
/// what an article costs in round trips can be asserted, not guessed.
/// </summary>
internal sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    /// <summary>Creates a counter; <paramref name="tablePrefix"/> is taken off table names so rows read alike in every run.</summary>
    public StorageRequestCounter(string tablePrefix = "") => TablePrefix = tablePrefix;

    /// <summary>The prefix taken off table names (<c>NewsAlerts:TablePrefix</c>).</summary>
    public string TablePrefix { get; set; }

    /// <summary>Requests sent so far.</summary>
    public int Total => _counts.Values.Sum();

    /// <summary>Requests sent so far, by kind.</summary>
    public IReadOnlyDictionary<string, int> ByKind => new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);

    /// <summary>Adds this counter to every Azure client the host builds.</summary>
    public void Install(IServiceCollection services) =>
        services.AddAzureClients(clients => clients.ConfigureDefaults(options => options.AddPolicy(this, HttpPipelinePosition.PerCall)));

    /// <summary>Forgets what was counted, to count one phase of a run.</summary>
    public void Reset() => _counts.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message.Request);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message.Request);
        return ProcessNextAsync(message, pipeline);
    }

    private void Count(Request request) => _counts.AddOrUpdate($"{request.Method} {Target(request)}", 1, static (_, count) => count + 1);

    // Tables are told by the OData header every table request carries; a container operation (a listing) by its
    // query; a blob by its container's name and the blob's after it; the rest are queues. Azurite addresses are path-style
    // (/account/name/…), Azure's host-style (account.blob.core.windows.net/name/…).
    private string Target(Request request)
    {
        var uri = request.Uri;
        var segments = uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var start = uri.Host is "127.0.0.1" or "localhost" ? 1 : 0;
        var name = segments.Length > start ? Uri.UnescapeDataString(segments[start]).Split('(')[0] : string.Empty;
        if (request.Headers.Contains("DataServiceVersion"))
        {
            return "table " + (TablePrefix.Length > 0 && name.StartsWith(TablePrefix, StringComparison.Ordinal) ? name[TablePrefix.Length..] : name);
        }

        if (uri.Query.Contains("restype=container", StringComparison.Ordinal))
        {
            return "container " + name;
        }

        return (segments.Length > start + 1 && segments[start + 1] != "messages" ? "blob " : "queue ") + name;
    }
}
