using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using NewsAlerts.Digests;
using NewsAlerts.Email;

namespace NewsAlerts.Functions;

/// <summary>host.json and local.settings.sample.json agree with the code that reads them.</summary>
public partial class SettingsFilesTests
{
    private static readonly Dictionary<string, string> Sample = ReadSample();
    private static readonly JsonElement HostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "RepoFiles", "host.json"))).RootElement;

    [Fact]
    public void LocallyOnlyThePollingArticleTriggerRuns()
    {
        // Azurite raises no Event Grid events; the package published to Azure has no polling twin to disable.
        Assert.Equal("true", Sample["AzureWebJobs.ProcessArticle.Disabled"]);
        Assert.DoesNotContain("AzureWebJobs.ProcessArticlePolling.Disabled", Sample.Keys);
    }

    [Fact]
    public void TheHostExportsInOpenTelemetryModeAndLeavesTheWorkersTelemetryToTheWorker()
    {
        // The worker exports its own spans, metrics and logs (Telemetry/AzureMonitorTelemetry.cs); in the default
        // Application Insights mode the host would not correlate with them and would ignore the worker's capability.
        Assert.Equal("OpenTelemetry", HostJson.GetProperty("telemetryMode").GetString());
        Assert.False(HostJson.GetProperty("logging").TryGetProperty("applicationInsights", out _));
    }

    [Fact]
    public void SampleRunsOnAzuriteInTheIsolatedWorker()
    {
        Assert.Equal("UseDevelopmentStorage=true", Sample["AzureWebJobsStorage"]);
        Assert.Equal("dotnet-isolated", Sample["FUNCTIONS_WORKER_RUNTIME"]);
    }

    [Fact]
    public void SampleListsEverySettingTheAppReads()
    {
        var expected = Keys(NewsAlertsOptions.SectionName, typeof(NewsAlertsOptions))
            .Concat(Keys(EmailOptions.SectionName, typeof(EmailOptions)))
            .Concat(Keys(DigestsOptions.SectionName, typeof(DigestsOptions)))
            .Concat(["OpenAI__Endpoint", "OpenAI__Deployment", "OpenAI__ApiKey"]);
        Assert.All(expected, key => Assert.Contains(key, Sample.Keys));
    }

    [Fact]
    public void EverySettingNamedInABindingIsInTheSample()
    {
        var names = typeof(Articles.ProcessArticle).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters())
            .SelectMany(p => p.GetCustomAttributes())
            .SelectMany(a => a.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => p.GetValue(a) as string))
            .SelectMany(value => SettingReference().Matches(value ?? string.Empty).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();
        Assert.Equal(["NewsAlerts:ArticlesContainer", "NewsAlerts:DigestQueue", "NewsAlerts:DigestSchedule"], names.Order(StringComparer.Ordinal));
        Assert.All(names, name => Assert.Contains(name.Replace(":", "__", StringComparison.Ordinal), Sample.Keys));
    }

    [Fact]
    public void SampleHoldsNoSecrets()
    {
        Assert.All(["Email__Smtp__Password", "Digests__UnsubscribeSigningKey", "Digests__PreviousUnsubscribeSigningKey", "OpenAI__ApiKey"], key => Assert.Equal(string.Empty, Sample[key]));
    }

    [Fact]
    public void SampleValuesAreTheDefaultsInCode()
    {
        var defaults = new NewsAlertsOptions();
        Assert.Equal(defaults.ArticlesContainer, Sample["NewsAlerts__ArticlesContainer"]);
        Assert.Equal(defaults.DigestQueue, Sample["NewsAlerts__DigestQueue"]);
        Assert.Equal(defaults.DigestSchedule, Sample["NewsAlerts__DigestSchedule"]);
        Assert.Equal(defaults.MaxArticleBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), Sample["NewsAlerts__MaxArticleBytes"]);
        Assert.Equal(defaults.MaxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Sample["NewsAlerts__MaxDequeueCount"]);
    }

    [Fact]
    public void TheFunctionsHostGivesUpOnADigestAfterAsManyTriesAsTheLocalHost()
    {
        var queues = HostJson.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(new NewsAlertsOptions().MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        Assert.True(queues.GetProperty("batchSize").GetInt32() > queues.GetProperty("newBatchThreshold").GetInt32());
    }

    [Fact]
    public void HostJsonBoundsBlobConcurrencyAndFunctionTime()
    {
        Assert.Equal("2.0", HostJson.GetProperty("version").GetString());
        Assert.InRange(HostJson.GetProperty("extensions").GetProperty("blobs").GetProperty("maxDegreeOfParallelism").GetInt32(), 1, 32);
        Assert.InRange(TimeSpan.Parse(HostJson.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
    }

    [Fact]
    public void UnsubscribeLinksPointAtTheUnsubscribeFunction()
    {
        var routePrefix = HostJson.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        var route = typeof(Digests.Unsubscribe).GetMethods()
            .Single(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!.Route;
        Assert.Equal(UnsubscribeLinks.Path, $"{routePrefix}/{route}");
    }

    private static IEnumerable<string> Keys(string prefix, Type options) =>
        options.GetProperties()
            .Where(p => p.CanWrite)
            .SelectMany(p => p.PropertyType.IsClass && p.PropertyType != typeof(string)
                ? Keys($"{prefix}__{p.Name}", p.PropertyType)
                : [$"{prefix}__{p.Name}"]);

    private static Dictionary<string, string> ReadSample()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "RepoFiles", "local.settings.sample.json")));
        Assert.False(document.RootElement.GetProperty("IsEncrypted").GetBoolean());
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
