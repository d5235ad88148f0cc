using System.Text.Json.Nodes;
using NewsAlerts.Functions.HostProtocol;

namespace NewsAlerts.Functions.EndToEnd;

/// <summary>
/// Each function's contract with the host, pinned: what the build writes to <c>functions.metadata</c>, and what the
/// worker itself reports over the protocol (worker indexing: this is what the host in Azure uses), agree.
/// </summary>
public sealed class FunctionMetadataTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private static readonly JsonArray BuiltMetadata = JsonNode.Parse(File.ReadAllText(Path.Combine(TestFunctionsHost.AppDirectory, "functions.metadata")))!.AsArray();

    [Theory]
    [InlineData("ProcessArticle", "blobTrigger path=%NewsAlerts:ArticlesContainer%/{name} source=EventGrid")]
    [InlineData("ProcessArticlePolling", "blobTrigger path=%NewsAlerts:ArticlesContainer%/{name} source=LogsAndContainerScan")]
    [InlineData("PlanDigests", "timerTrigger schedule=%NewsAlerts:DigestSchedule%")]
    [InlineData("SendDigest", "queueTrigger dataType=String queueName=%NewsAlerts:DigestQueue%")]
    [InlineData("CreateWatchlist", "httpTrigger authLevel=Function methods=post route=watchlists; out http $return")]
    [InlineData("ListWatchlists", "httpTrigger authLevel=Function methods=get route=watchlists; out http $return")]
    [InlineData("DeleteWatchlist", "httpTrigger authLevel=Function methods=delete route=watchlists/{email}/{name}; out http $return")]
    [InlineData("Unsubscribe", "httpTrigger authLevel=Anonymous methods=get,post route=unsubscribe; out http $return")]
    public void EachFunctionKeepsItsTriggerAndTheWorkerReportsWhatTheBuildWrote(string function, string contract)
    {
        var built = BuiltMetadata.Single(f => (string?)f!["name"] == function)!;
        var reported = app.Host.Function(function);

        Assert.Equal(contract, Describe(built["bindings"]!.AsArray().Select(b => b!.AsObject())));
        Assert.Equal(contract, Describe(reported.RawBindings.Select(raw => JsonNode.Parse(raw)!.AsObject())));
        Assert.Equal((string?)built["entryPoint"], reported.EntryPoint);
        Assert.Equal("NewsAlerts.Functions.dll", reported.ScriptFile);
    }

    [Fact]
    public void TheBuildAndTheWorkerListTheSameFunctions() =>
        Assert.Equal(
            BuiltMetadata.Select(f => (string)f!["name"]!).Order(StringComparer.Ordinal),
            app.Host.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));

    [Fact]
    public void EverySettingABindingNamesResolvesWithTheSampleSettings()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "RepoFiles", "local.settings.sample.json")))!["Values"]!.AsObject();
        var settings = sample.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => (string?)kv.Value);
        var resolved = BuiltMetadata.SelectMany(f => f!["bindings"]!.AsArray())
            .SelectMany(b => new[] { b!["path"], b["queueName"], b["schedule"] })
            .Where(value => value is not null)
            .Select(value => System.Text.RegularExpressions.Regex.Replace((string)value!, "%([^%]+)%", m => settings[m.Groups[1].Value]!))
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(["0 0 * * * *", "articles/{name}", "digest-due"], resolved);
    }

    /// <summary>A binding list as one line: the trigger's type and its settings, then any output binding.</summary>
    private static string Describe(IEnumerable<JsonObject> bindings)
    {
        var parts = bindings.OrderBy(b => (string?)b["direction"] == "In" ? 0 : 1).Select(binding =>
        {
            var settings = binding
                .Where(kv => kv.Key is not ("name" or "type" or "direction" or "properties"))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => $"{kv.Key}={(kv.Value is JsonArray list ? string.Join(',', list.Select(v => (string?)v)) : (string?)kv.Value)}");
            return (string?)binding["direction"] == "In"
                ? string.Join(' ', settings.Prepend((string)binding["type"]!))
                : $"out {binding["type"]} {binding["name"]}";
        });
        return string.Join("; ", parts);
    }
}
