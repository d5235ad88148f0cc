using System.Text.Json.Nodes;

namespace NewsAlerts.Infra.Tests;

/// <summary>The compiled main.bicep holds what the deployment must provide.</summary>
public sealed class MainTemplateTests(MainTemplateFixture fixture) : IClassFixture<MainTemplateFixture>
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(SecretUri=";

    private static readonly string[] AppSettingKeys =
    [
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "NewsAlerts__ArticlesContainer",
        "NewsAlerts__DigestQueue",
        "NewsAlerts__DigestSchedule",
        "OpenAI__Endpoint",
        "OpenAI__Deployment",
        "OpenAI__ReasoningEffort",
        "Email__From",
        "Email__Smtp__Host",
        "Email__Smtp__Port",
        "Email__Smtp__UserName",
        "Email__Smtp__Password",
        "Digests__UnsubscribeSigningKey",
        "Digests__PublicBaseUrl",
    ];

    private static readonly string[] TableNames =
        ["Articles", "Subscribers", "DigestsDue", "Watchlists", "Matches", "Digests", "Summaries", "Stories", "StoryTerms"];

    private static readonly string[] AzdOutputs =
    [
        "AZURE_LOCATION",
        "AZURE_TENANT_ID",
        "AZURE_FUNCTION_APP_NAME",
        "AZURE_STORAGE_ACCOUNT_NAME",
        "RESOURCE_GROUP",
        "SERVICE_API_NAME",
        "AZURE_OPENAI_ENDPOINT",
        "STORAGE_BLOB_ENDPOINT",
    ];

    private ArmTemplate Main => fixture.Template;

    [Fact]
    public void DeploysAtSubscriptionScopeIntoItsOwnResourceGroup()
    {
        Assert.Contains("subscriptionDeploymentTemplate", (string?)Main.Root["$schema"], StringComparison.Ordinal);
        var group = Main.SingleResourceOfType("Microsoft.Resources/resourceGroups");
        Assert.Contains("rg-", (string?)group["name"], StringComparison.Ordinal);
    }

    [Fact]
    public void PlanIsFlexConsumption()
    {
        var plan = Main.SingleResourceOfType("Microsoft.Web/serverfarms");

        Assert.Equal("2024-04-01", (string?)plan["apiVersion"]);
        Assert.Equal("functionapp", (string?)plan["kind"]);
        Assert.Equal("FC1", (string?)plan["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);
        Assert.True((bool?)plan["properties"]?["reserved"]);
    }

    [Fact]
    public void FunctionAppRunsDotnetIsolated10WithTheUserAssignedIdentity()
    {
        var site = Main.SingleResourceOfType("Microsoft.Web/sites");
        var config = site["properties"]?["functionAppConfig"];

        Assert.Equal("2024-04-01", (string?)site["apiVersion"]);
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]?["type"]);
        Assert.Equal("dotnet-isolated", (string?)config?["runtime"]?["name"]);
        Assert.Equal("10.0", (string?)config?["runtime"]?["version"]);
        Assert.Equal("blobContainer", (string?)config?["deployment"]?["storage"]?["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)config?["deployment"]?["storage"]?["authentication"]?["type"]);
        Assert.NotNull(config?["deployment"]?["storage"]?["authentication"]?["userAssignedIdentityResourceId"]);
        Assert.NotNull(config?["scaleAndConcurrency"]?["maximumInstanceCount"]);
        Assert.NotNull(config?["scaleAndConcurrency"]?["instanceMemoryMB"]);
        Assert.NotNull(site["properties"]?["keyVaultReferenceIdentity"]);
    }

    [Fact]
    public void MaximumInstanceCountStaysWithinWhatFlexAccepts()
    {
        var maximum = Main.Parameters["maximumInstanceCount"];

        Assert.Equal(40, (int?)maximum?["minValue"]);
        Assert.Equal(1000, (int?)maximum?["maxValue"]);
        Assert.Equal(100, (int?)maximum?["defaultValue"]);
    }

    [Fact]
    public void FunctionAppIsTaggedAsTheAzdApiService() =>
        Assert.Contains("'azd-service-name', 'api'", (string?)Main.SingleResourceOfType("Microsoft.Web/sites")["tags"], StringComparison.Ordinal);

    [Fact]
    public void AppSettingsHoldEveryKeyTheAppReads()
    {
        var settings = AppSettings();

        var missing = AppSettingKeys.Where(key => settings.GetValueOrDefault(key) is not { Condition: null }).ToList();
        Assert.True(missing.Count == 0, $"Missing or conditional app settings: {string.Join(", ", missing)}");
    }

    [Fact]
    public void AppSettingsAreKeylessAndLeaveTheWorkerRuntimeToFlex()
    {
        var settings = AppSettings();

        Assert.False(settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"), "Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME.");
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "The host must reach storage with its identity, not a connection string.");
        Assert.All(settings.Values, setting => Assert.DoesNotContain("listKeys", setting.Value, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"].Value);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"].Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Email__Smtp__UserName")]
    [InlineData("Email__Smtp__Password")]
    [InlineData("Digests__UnsubscribeSigningKey")]
    [InlineData("Digests__PreviousUnsubscribeSigningKey")]
    public void SecretsAreKeyVaultReferences(string key) =>
        Assert.Contains(KeyVaultReference, AppSettings()[key].Value, StringComparison.Ordinal);

    // The polling twin is left out of the published package: Flex reports a non-Event Grid blob trigger even when disabled.
    [Fact]
    public void NoAppSettingDisablesAFunction()
    {
        var disabling = AppSettings().Select(setting => setting.Key)
            .Where(key => key.StartsWith("AzureWebJobs.", StringComparison.Ordinal) && key.EndsWith(".Disabled", StringComparison.Ordinal))
            .ToList();

        Assert.True(disabling.Count == 0, $"App settings disable functions: {string.Join(", ", disabling)}");
    }

    [Fact]
    public void PublicBaseUrlIsTheSiteHostName() =>
        Assert.Contains("defaultHostName", AppSettings()["Digests__PublicBaseUrl"].Value, StringComparison.Ordinal);

    [Fact]
    public void DigestScheduleDefaultsToHourlySixFieldCron()
    {
        Assert.Equal("0 0 * * * *", (string?)Main.Parameters["digestSchedule"]?["defaultValue"]);
        Assert.Equal(587, (int?)Main.Parameters["smtpPort"]?["defaultValue"]);
    }

    [Fact]
    public void StorageAccountIsKeyless()
    {
        var properties = Main.SingleResourceOfType("Microsoft.Storage/storageAccounts")["properties"];

        Assert.False((bool?)properties?["allowSharedKeyAccess"]);
        Assert.False((bool?)properties?["allowBlobPublicAccess"]);
        Assert.Equal("TLS1_2", (string?)properties?["minimumTlsVersion"]);
    }

    [Fact]
    public void StorageHoldsTheArticlesContainerAndTheDigestQueue()
    {
        var storageParameters = StorageModuleParameters();

        Assert.Equal("articles", (string?)Main.Variables["articlesContainerName"]);
        Assert.Equal("digest-due", (string?)Main.Variables["digestQueueName"]);
        Assert.Contains("variables('articlesContainerName')", storageParameters["containerNames"], StringComparison.Ordinal);
        Assert.Contains("variables('deploymentContainerName')", storageParameters["containerNames"], StringComparison.Ordinal);
        Assert.Contains("variables('digestQueueName')", storageParameters["queueNames"], StringComparison.Ordinal);
        Assert.Single(Main.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Single(Main.ResourcesOfType("Microsoft.Storage/storageAccounts/queueServices/queues"));
    }

    [Fact]
    public void StorageHoldsEveryTable()
    {
        var declared = Main.Variables["tableNames"]!.AsArray().Select(name => (string?)name).ToList();

        Assert.Equal(TableNames.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        Assert.Contains("variables('tableNames')", StorageModuleParameters()["tableNames"], StringComparison.Ordinal);
        Assert.Single(Main.ResourcesOfType("Microsoft.Storage/storageAccounts/tableServices/tables"));
    }

    [Fact]
    public void EventGridSystemTopicWatchesTheStorageAccount()
    {
        var topic = Main.SingleResourceOfType("Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["properties"]?["topicType"]);
        Assert.Contains("Microsoft.Storage/storageAccounts", (string?)topic["properties"]?["source"], StringComparison.Ordinal);
    }

    [Fact]
    public void OpenAiIsKeylessWithAChatDeployment()
    {
        var account = Main.SingleResourceOfType("Microsoft.CognitiveServices/accounts");
        var deployment = Main.SingleResourceOfType("Microsoft.CognitiveServices/accounts/deployments");

        Assert.Equal("OpenAI", (string?)account["kind"]);
        Assert.True((bool?)account["properties"]?["disableLocalAuth"]);
        Assert.NotNull(account["properties"]?["customSubDomainName"]);
        Assert.Equal("OpenAI", (string?)deployment["properties"]?["model"]?["format"]);
        Assert.Equal("[parameters('modelName')]", (string?)deployment["properties"]?["model"]?["name"]);
        Assert.Equal("[parameters('modelVersion')]", (string?)deployment["properties"]?["model"]?["version"]);
        Assert.Equal("[parameters('skuName')]", (string?)deployment["sku"]?["name"]);
        Assert.Equal("[parameters('capacity')]", (string?)deployment["sku"]?["capacity"]);
    }

    // gpt-4o-mini 2024-07-18 retired on 2026-10-01; gpt-5.4-mini 2026-03-17 is GA until 2027-03-18.
    [Fact]
    public void ChatModelDefaultsToGpt54MiniGlobalStandardAt30KTokensPerMinute()
    {
        Assert.Equal("gpt-5.4-mini", (string?)Main.Parameters["chatModelName"]?["defaultValue"]);
        Assert.Equal("2026-03-17", (string?)Main.Parameters["chatModelVersion"]?["defaultValue"]);
        Assert.Equal("GlobalStandard", (string?)Main.Parameters["chatDeploymentSku"]?["defaultValue"]);
        Assert.Equal(30, (int?)Main.Parameters["chatDeploymentCapacity"]?["defaultValue"]);
    }

    [Fact]
    public void ReasoningEffortDefaultsToLowAndAllowsEmptyForAClassicModel()
    {
        var effort = Main.Parameters["chatReasoningEffort"];

        Assert.Equal("low", (string?)effort?["defaultValue"]);
        Assert.Equal(
            ["", "none", "minimal", "low", "medium", "high", "xhigh"],
            effort?["allowedValues"]?.AsArray().Select(value => (string?)value));
    }

    [Fact]
    public void ReasoningEffortAppSettingIsFedByTheParameter()
    {
        Assert.Equal("[parameters('chatReasoningEffort')]", ModuleParameter("api", "openAiReasoningEffort"));
        Assert.Equal("[parameters('openAiReasoningEffort')]", AppSettings()["OpenAI__ReasoningEffort"].Value);
    }

    [Fact]
    public void ApplicationInsightsIsWorkspaceBasedWithoutLocalAuth()
    {
        var components = Main.SingleResourceOfType("Microsoft.Insights/components");

        Main.SingleResourceOfType("Microsoft.OperationalInsights/workspaces");
        Assert.True((bool?)components["properties"]?["DisableLocalAuth"]);
        Assert.NotNull(components["properties"]?["WorkspaceResourceId"]);
    }

    [Fact]
    public void KeyVaultUsesRbacAndHoldsTheAppSecrets()
    {
        var vault = Main.SingleResourceOfType("Microsoft.KeyVault/vaults");
        var secretNames = Main.ResourcesOfType("Microsoft.KeyVault/vaults/secrets").Select(secret => (string?)secret["name"]).ToList();

        Assert.True((bool?)vault["properties"]?["enableRbacAuthorization"]);
        Assert.True(vault["properties"]?["accessPolicies"] is null or JsonArray { Count: 0 }, "Access goes through roles, not access policies.");
        foreach (var name in new[] { "smtp-username", "smtp-password", "unsubscribe-signing-key" })
        {
            Assert.Contains(secretNames, secretName => secretName?.Contains($"'{name}'", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public void SigningKeyIsGeneratedOnceByAzdRatherThanAtEveryProvision()
    {
        var key = Main.Parameters["unsubscribeSigningKey"];
        var azd = key?["metadata"]?["azd"];

        Assert.Equal("securestring", (string?)key?["type"]);
        Assert.Null(key?["defaultValue"]);
        Assert.Equal(32, (int?)key?["minLength"]);
        Assert.Equal("generate", (string?)azd?["type"]);
        Assert.True((int?)azd?["config"]?["length"] >= 32, $"azd would generate a key shorter than the 32 characters required: {azd}");
        Assert.DoesNotContain("newGuid(", Main.Root.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void PreviousSigningKeySecretAndSettingExistOnlyDuringARotation()
    {
        var secret = Main.ResourcesOfType("Microsoft.KeyVault/vaults/secrets")
            .Single(candidate => ((string?)candidate["name"])?.Contains("'unsubscribe-signing-key-previous'", StringComparison.Ordinal) == true);
        var secretUri = (string?)Main.Module("keyvault").Outputs["previousUnsubscribeSigningKeySecretUri"]?["value"];
        var setting = AppSettings()["Digests__PreviousUnsubscribeSigningKey"];

        Assert.Equal("[parameters('previousUnsubscribeSigningKey')]", ModuleParameter("keyvault", "previousUnsubscribeSigningKey"));
        Assert.Equal("[not(empty(parameters('previousUnsubscribeSigningKey')))]", (string?)secret["condition"]);
        Assert.Contains("if(not(empty(parameters('previousUnsubscribeSigningKey')))", secretUri, StringComparison.Ordinal);
        Assert.EndsWith(", '')]", secretUri, StringComparison.Ordinal);
        Assert.Contains("outputs.previousUnsubscribeSigningKeySecretUri.value", ModuleParameter("api", "previousUnsubscribeSigningKeySecretUri"), StringComparison.Ordinal);
        Assert.Equal("not(empty(parameters('previousUnsubscribeSigningKeySecretUri')))", setting.Condition);
        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('previousUnsubscribeSigningKeySecretUri'))]", setting.Value);
        Assert.Equal("", (string?)Main.Parameters["previousUnsubscribeSigningKey"]?["defaultValue"]);
    }

    [Fact]
    public void TheIdentityIsTheOnlyOneAndTheSiteUsesIt()
    {
        Main.SingleResourceOfType("Microsoft.ManagedIdentity/userAssignedIdentities");
        Assert.Equal("UserAssigned", (string?)Main.SingleResourceOfType("Microsoft.Web/sites")["identity"]?["type"]);
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts")] // Storage Blob Data Owner
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts")] // Storage Queue Data Contributor
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts")] // Storage Table Data Contributor
    [InlineData("5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", "Microsoft.CognitiveServices/accounts")] // Cognitive Services OpenAI User
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components")] // Monitoring Metrics Publisher
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults")] // Key Vault Secrets User
    public void TheIdentityHoldsEachRoleOnItsResource(string roleDefinitionId, string scopeType)
    {
        var rbac = Main.Module("rbac");
        var roleName = rbac.Variables["roles"]!.AsObject()
            .SingleOrDefault(role => (string?)role.Value == roleDefinitionId).Key;
        Assert.True(roleName is not null, $"Role {roleDefinitionId} is not among rbac.bicep's roles.");

        var scopes = RoleAssignments(rbac)
            .Where(candidate => (string?)candidate["properties"]?["principalId"] == "[parameters('identityPrincipalId')]"
                && RoleExpression(rbac, candidate).Contains($"roles').{roleName}", StringComparison.Ordinal))
            .Select(assignment => (string?)assignment["scope"])
            .ToList();

        Assert.True(scopes.Count > 0, $"The identity has no assignment of {roleName} ({roleDefinitionId}).");
        Assert.Contains(scopes, scope => scope?.Contains($"'{scopeType}'", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void RoleAssignmentsAreNamedFromScopePrincipalAndRole()
    {
        var assignments = Main.ResourcesOfType("Microsoft.Authorization/roleAssignments");

        Assert.NotEmpty(assignments);
        Assert.All(assignments, assignment =>
            Assert.StartsWith("[guid(resourceId(", (string?)assignment["name"], StringComparison.Ordinal));
    }

    // azd always fills principalId, so only grantDeployerDataAccess can keep the deployer out of the data.
    [Fact]
    public void DeployerRolesAreGrantedOnlyWhenAllowedAndAPrincipalIsGiven()
    {
        var rbac = Main.Module("rbac");
        var deployerAssignments = RoleAssignments(rbac)
            .Where(assignment => (string?)assignment["properties"]?["principalId"] == "[parameters('deployerPrincipalId')]")
            .ToList();

        Assert.True((bool?)Main.Parameters["grantDeployerDataAccess"]?["defaultValue"]);
        Assert.Equal("[parameters('grantDeployerDataAccess')]", ModuleParameter("rbac", "grantDeployerDataAccess"));
        Assert.Equal(
            "[and(parameters('grantDeployerDataAccess'), not(empty(parameters('deployerPrincipalId'))))]",
            (string?)rbac.Variables["grantsDeployerRoles"]);
        Assert.NotEmpty(deployerAssignments);
        Assert.All(deployerAssignments, assignment =>
        {
            var guard = (string?)assignment["condition"] ?? RoleExpression(rbac, assignment);
            Assert.Contains("variables('grantsDeployerRoles')", guard, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void OutputsAreNamedForAzd()
    {
        var missing = AzdOutputs.Where(output => !Main.Outputs.ContainsKey(output)).ToList();
        Assert.True(missing.Count == 0, $"Missing outputs: {string.Join(", ", missing)}");
    }

    private IReadOnlyDictionary<string, AppSetting> AppSettings() => Main.FunctionAppSettings();

    private Dictionary<string, string> StorageModuleParameters() => ModuleParameters("storage");

    private string? ModuleParameter(string module, string parameter) => ModuleParameters(module).GetValueOrDefault(parameter);

    /// <summary>What main.bicep passes to one of its modules, each value as ARM expression text.</summary>
    private Dictionary<string, string> ModuleParameters(string module) =>
        Main.Resources.Single(resource => (string?)resource["name"] == module)["properties"]!["parameters"]!.AsObject()
            .ToDictionary(parameter => parameter.Key, parameter => ArmTemplate.Text(parameter.Value?["value"]));

    private static List<JsonObject> RoleAssignments(ArmTemplate template) =>
        template.Resources.Where(resource => ArmTemplate.Type(resource) == "Microsoft.Authorization/roleAssignments").ToList();

    /// <summary>
    /// The role an assignment grants, as text: its roleDefinitionId, plus the variable it loops over when it is a copy
    /// (a loop's roleDefinitionId reads only "variables('x')[copyIndex()]").
    /// </summary>
    private static string RoleExpression(ArmTemplate template, JsonObject assignment)
    {
        var expression = (string?)assignment["properties"]?["roleDefinitionId"] ?? string.Empty;
        var loopVariables = template.Variables
            .Where(variable => expression.Contains($"variables('{variable.Key}')[copyIndex()]", StringComparison.Ordinal))
            .Select(variable => ArmTemplate.Text(variable.Value));
        return string.Join('\n', loopVariables.Prepend(expression));
    }
}
