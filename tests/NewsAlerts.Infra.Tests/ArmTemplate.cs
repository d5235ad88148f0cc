using System.Text.Json.Nodes;

namespace NewsAlerts.Infra.Tests;

/// <summary>
/// Reads a compiled ARM template, including the inner templates of its modules
/// (Bicep compiles each module to a Microsoft.Resources/deployments resource).
/// </summary>
internal sealed class ArmTemplate
{
    private const string DeploymentType = "Microsoft.Resources/deployments";

    public ArmTemplate(JsonObject root)
    {
        Root = root;
    }

    public JsonObject Root { get; }

    public JsonObject Parameters => Root["parameters"]?.AsObject() ?? [];

    public JsonObject Variables => Root["variables"]?.AsObject() ?? [];

    public JsonObject Outputs => Root["outputs"]?.AsObject() ?? [];

    /// <summary>The resources declared directly in this template (an array, or an object in language version 2.0).</summary>
    public IEnumerable<JsonObject> Resources => Root["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject byName => byName.Select(pair => pair.Value).OfType<JsonObject>(),
        _ => [],
    };

    /// <summary>Every template in the tree: this one and each module's, depth first.</summary>
    public IEnumerable<ArmTemplate> AllTemplates()
    {
        yield return this;
        foreach (var module in Resources.Where(resource => Type(resource) == DeploymentType))
        {
            if (module["properties"]?["template"] is JsonObject inner)
            {
                foreach (var template in new ArmTemplate(inner).AllTemplates())
                {
                    yield return template;
                }
            }
        }
    }

    public IEnumerable<JsonObject> AllResources() => AllTemplates().SelectMany(template => template.Resources);

    public IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        AllResources().Where(resource => string.Equals(Type(resource), type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject SingleResourceOfType(string type)
    {
        var matches = ResourcesOfType(type);
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The inner template of the module deployed under <paramref name="deploymentName"/>, searched at any depth.</summary>
    public ArmTemplate Module(string deploymentName)
    {
        var module = AllResources().SingleOrDefault(resource =>
            Type(resource) == DeploymentType && (string?)resource["name"] == deploymentName);
        Assert.True(module is not null, $"No module deployment named '{deploymentName}'.");
        return new ArmTemplate(module!["properties"]!["template"]!.AsObject());
    }

    /// <summary>The Function App's app settings (the <c>appsettings</c> config resource), as ARM expressions.</summary>
    public JsonObject FunctionAppSettings()
    {
        var config = ResourcesOfType("Microsoft.Web/sites/config")
            .SingleOrDefault(resource => ((string?)resource["name"])?.Contains("'appsettings'", StringComparison.Ordinal) == true);
        Assert.True(config is not null, "No Microsoft.Web/sites/config 'appsettings' resource.");
        return config["properties"]!.AsObject();
    }

    public static string Type(JsonObject resource) => (string?)resource["type"] ?? string.Empty;

    /// <summary>
    /// Every string value under <paramref name="node"/>, one a line: ARM expressions as written, which
    /// ToJsonString would not give (it escapes their quotes).
    /// </summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonObject obj => string.Join('\n', obj.Select(pair => Text(pair.Value))),
        JsonArray array => string.Join('\n', array.Select(Text)),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node?.ToJsonString() ?? string.Empty,
    };
}
