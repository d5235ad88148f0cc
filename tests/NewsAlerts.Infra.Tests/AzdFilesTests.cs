using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NewsAlerts.Infra.Tests;

/// <summary>The files azd reads besides the Bicep: main.parameters.json, azure.yaml and the hooks it runs.</summary>
public sealed partial class AzdFilesTests(MainTemplateFixture fixture) : IClassFixture<MainTemplateFixture>
{
    private static readonly string AzureYaml = File.ReadAllText(RepositoryPaths.InRoot("azure.yaml"));

    [Fact]
    public void ParametersFileNamesOnlyParametersOfMainBicep()
    {
        var unknown = ParametersFile().Select(parameter => parameter.Key)
            .Where(name => !fixture.Template.Parameters.ContainsKey(name))
            .ToList();

        Assert.True(unknown.Count == 0, $"main.parameters.json sets parameters main.bicep lacks: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void ParametersFileTakesEveryValueFromTheAzdEnvironment() =>
        Assert.All(ParametersFile(), parameter =>
            Assert.Matches(@"^\$\{[A-Z][A-Z0-9_]*\}$", (string?)parameter.Value?["value"]));

    [Fact]
    public void ParametersFileMapsTheAzdWellKnownVariables()
    {
        var parameters = ParametersFile();

        Assert.Equal("${AZURE_ENV_NAME}", (string?)parameters["environmentName"]?["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)parameters["location"]?["value"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string?)parameters["principalId"]?["value"]);
    }

    [Theory]
    [InlineData("chatModelName", "AZURE_OPENAI_CHAT_MODEL")]
    [InlineData("chatModelVersion", "AZURE_OPENAI_CHAT_MODEL_VERSION")]
    [InlineData("chatReasoningEffort", "AZURE_OPENAI_REASONING_EFFORT")]
    [InlineData("unsubscribeSigningKey", "UNSUBSCRIBE_SIGNING_KEY")]
    [InlineData("previousUnsubscribeSigningKey", "PREVIOUS_UNSUBSCRIBE_SIGNING_KEY")]
    [InlineData("grantDeployerDataAccess", "NEWSALERTS_DEPLOYER_DATA_ACCESS")]
    public void ParameterComesFromTheAzdVariableTheReadmeNames(string parameter, string variable) =>
        Assert.Equal($"${{{variable}}}", (string?)ParametersFile()[parameter]?["value"]);

    [Fact]
    public void EveryParameterWithoutDefaultComesFromTheEnvironment()
    {
        var parameters = ParametersFile();
        var unmapped = fixture.Template.Parameters
            .Where(parameter => parameter.Value?["defaultValue"] is null && !parameters.ContainsKey(parameter.Key))
            .Select(parameter => parameter.Key)
            .ToList();

        Assert.True(unmapped.Count == 0, $"Required parameters not in main.parameters.json: {string.Join(", ", unmapped)}");
    }

    [Fact]
    public void AzureYamlNamesTheProject() =>
        Assert.Matches(new Regex(@"^name:\s*newsalerts\s*$", RegexOptions.Multiline), AzureYaml);

    [Fact]
    public void AzureYamlDeploysTheFunctionsProjectAsServiceApi()
    {
        // The Bicep tags the Function App 'azd-service-name: api': the service must carry that name.
        var service = ServiceApi().Match(AzureYaml);

        Assert.True(service.Success, $"azure.yaml has no 'services: api:' block:\n{AzureYaml}");
        var body = service.Groups["body"].Value;
        Assert.Matches(@"project:\s*\./src/NewsAlerts\.Functions\s", body);
        Assert.Matches(@"language:\s*dotnet\s", body);
        Assert.Matches(@"host:\s*function\s", body);
    }

    [Fact]
    public void AzureYamlRunsThePostdeployHookOnEveryPlatform()
    {
        var runs = HookRun().Matches(AzureYaml).Select(match => match.Groups["path"].Value).ToList();

        Assert.Contains("./infra/hooks/postdeploy.sh", runs);
        Assert.Contains("./infra/hooks/postdeploy.ps1", runs);
        Assert.Matches(new Regex(@"^hooks:\s*\n(?:\s+#.*\n)*\s+postdeploy:\s*$", RegexOptions.Multiline), AzureYaml);
    }

    [Theory]
    [InlineData("infra/hooks/postdeploy.sh")]
    [InlineData("infra/hooks/postdeploy.ps1")]
    public void HookScriptsExistAndAreExecutable(string relativePath)
    {
        var path = RepositoryPaths.InRoot(relativePath);

        Assert.True(File.Exists(path), $"{relativePath} is missing.");
        Assert.StartsWith("#!/usr/bin/env ", File.ReadLines(path).First(), StringComparison.Ordinal);
        // azd runs a posix hook by its path, so the shebang decides the shell and the file must be executable.
        if (!OperatingSystem.IsWindows())
        {
            Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{relativePath} is not executable.");
        }
    }

    [Fact]
    public void EveryOutputTheHookNeedsComesFromMainBicep()
    {
        var script = File.ReadAllText(RepositoryPaths.InRoot("infra/hooks/postdeploy.sh"));
        var required = RequiredVariables().Match(script);
        Assert.True(required.Success, "postdeploy.sh no longer checks its variables in one 'for name in ...; do' loop.");

        // AZURE_SUBSCRIPTION_ID is azd's own; the rest must be outputs of main.bicep.
        var missing = required.Groups["names"].Value
            .Split([' ', '\\', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Where(name => name != "AZURE_SUBSCRIPTION_ID" && !fixture.Template.Outputs.ContainsKey(name))
            .ToList();
        Assert.True(missing.Count == 0, $"The hook reads variables main.bicep does not output: {string.Join(", ", missing)}");
    }

    [Fact]
    public void BothHooksReadTheSameOverrides()
    {
        static List<string> Overrides(string relativePath) =>
            PostdeployOverride().Matches(File.ReadAllText(RepositoryPaths.InRoot(relativePath)))
                .Select(match => match.Value).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Overrides("infra/hooks/postdeploy.sh"), Overrides("infra/hooks/postdeploy.ps1"));
    }

    private static JsonObject ParametersFile()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.parameters.json")));
        return file?["parameters"]?.AsObject() ?? throw new InvalidOperationException("main.parameters.json has no parameters.");
    }

    [GeneratedRegex(@"^services:\s*\n\s+api:\s*\n(?<body>(?:\s{4,}.*\n)+)", RegexOptions.Multiline)]
    private static partial Regex ServiceApi();

    [GeneratedRegex(@"^\s+run:\s*(?<path>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex HookRun();

    [GeneratedRegex(@"^for name in (?<names>[^;]+); do", RegexOptions.Multiline)]
    private static partial Regex RequiredVariables();

    [GeneratedRegex(@"POSTDEPLOY_[A-Z_]+")]
    private static partial Regex PostdeployOverride();
}
