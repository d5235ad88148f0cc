using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NewsAlerts.Infra.Tests;

/// <summary>
/// What the deployment and the built Functions app must agree on: the settings the bindings name and the function the
/// Event Grid subscription calls.
/// </summary>
public sealed partial class FunctionsContractTests(MainTemplateFixture fixture) : IClassFixture<MainTemplateFixture>
{
    private static readonly JsonArray Functions = JsonNode.Parse(File.ReadAllText(Path.Combine(
        typeof(FunctionsContractTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsAppDirectory").Value!,
        "functions.metadata")))!.AsArray();

    [Fact]
    public void EverySettingABindingNamesIsAnAppSetting()
    {
        var named = Functions.SelectMany(f => f!["bindings"]!.AsArray())
            .SelectMany(b => b!.AsObject().Select(kv => kv.Value))
            .OfType<JsonValue>()
            .Select(v => v.TryGetValue<string>(out var text) ? text : string.Empty)
            .SelectMany(text => SettingReference().Matches(text).Select(m => m.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal)))
            .Distinct()
            .ToList();

        Assert.Equal(["NewsAlerts__ArticlesContainer", "NewsAlerts__DigestQueue", "NewsAlerts__DigestSchedule"], named.Order(StringComparer.Ordinal));
        Assert.All(named, setting => Assert.True(fixture.Template.FunctionAppSettings().ContainsKey(setting), $"{setting} is not an app setting"));
    }

    [Theory]
    [InlineData("infra/hooks/postdeploy.sh", "readonly function_name=\"(\\w+)\"")]
    [InlineData("infra/hooks/postdeploy.ps1", "\\$functionName = '(\\w+)'")]
    public void TheEventGridSubscriptionCallsTheFunctionWhoseBlobTriggerIsEventGrid(string hook, string declaration)
    {
        var eventGrid = Functions.Where(f => f!["bindings"]!.AsArray().Any(b => (string?)b!["type"] == "blobTrigger" && (string?)b["source"] == "EventGrid"));
        var subscribed = Regex.Match(File.ReadAllText(RepositoryPaths.InRoot(hook)), declaration).Groups[1].Value;

        Assert.Equal((string)Assert.Single(eventGrid)!["name"]!, subscribed);
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
