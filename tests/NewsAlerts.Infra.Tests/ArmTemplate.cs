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

    /// <summary>
    /// The Function App's app settings (the <c>appsettings</c> config resource) by name. The conditional spread in
    /// api.bicep compiles them to one expression, which this takes apart: a conditional setting says when it exists.
    /// </summary>
    public IReadOnlyDictionary<string, AppSetting> FunctionAppSettings()
    {
        var config = ResourcesOfType("Microsoft.Web/sites/config")
            .SingleOrDefault(resource => ((string?)resource["name"])?.Contains("'appsettings'", StringComparison.Ordinal) == true);
        Assert.True(config is not null, "No Microsoft.Web/sites/config 'appsettings' resource.");
        var expression = (string?)config["properties"];
        Assert.True(expression?.StartsWith('[') == true, $"The app settings are not an expression: {config["properties"]?.ToJsonString()}");
        return ObjectSettings(ArmExpression.Parse(expression[1..^1]), condition: null);
    }

    public static string Type(JsonObject resource) => (string?)resource["type"] ?? string.Empty;

    private static Dictionary<string, AppSetting> ObjectSettings(ArmExpression expression, string? condition)
    {
        switch (expression)
        {
            case ArmCall { Name: "createObject" } call:
                return call.Arguments.Chunk(2).ToDictionary(
                    pair => ((ArmString)pair[0]).Value,
                    pair => new AppSetting(pair[1].AsPropertyValue(), condition));
            case ArmCall { Name: "shallowMerge", Arguments: [ArmCall { Name: "createArray" } objects] }:
                return Merge(objects.Arguments.Select(part => ObjectSettings(part, condition)));
            case ArmCall { Name: "if", Arguments: [var test, var whenTrue, var whenFalse] }:
                return Merge([
                    ObjectSettings(whenTrue, Both(condition, test.Text)),
                    ObjectSettings(whenFalse, Both(condition, $"not({test.Text})")),
                ]);
            default:
                throw new InvalidOperationException($"Cannot list the settings of [{expression.Text}].");
        }
    }

    private static string Both(string? outer, string inner) => outer is null ? inner : $"and({outer}, {inner})";

    // Later objects win, as in shallowMerge.
    private static Dictionary<string, AppSetting> Merge(IEnumerable<Dictionary<string, AppSetting>> parts)
    {
        var merged = new Dictionary<string, AppSetting>();
        foreach (var (name, setting) in parts.SelectMany(part => part))
        {
            merged[name] = setting;
        }

        return merged;
    }

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

/// <summary>One app setting: its value as ARM writes a property, and the ARM expression under which it exists (null: always).</summary>
internal sealed record AppSetting(string Value, string? Condition);
