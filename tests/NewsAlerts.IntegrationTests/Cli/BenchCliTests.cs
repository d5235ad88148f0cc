using System.Text.Json;
using NewsAlerts.Testing;

namespace NewsAlerts.Cli;

/// <summary><c>newsalerts bench</c> on a small run: what it reports is counted, not made up.</summary>
public class BenchCliTests
{
    [Fact]
    public async Task BenchIngestProcessesEveryGeneratedArticleAndReportsItsCountedRoundTripsAgainstTheBaseline()
    {
        var settings = await SettingsAsync();

        var json = await RunJsonAsync(settings, "bench", "ingest", "--articles", "30", "--subscribers", "4", "--json");

        Assert.Equal(30, json.GetProperty("articles").GetInt32());
        Assert.Equal(0, json.GetProperty("failed").GetInt32());
        Assert.Equal(10, json.GetProperty("articlesPerSecondByTenth").GetArrayLength());
        Assert.All(json.GetProperty("articlesPerSecondByTenth").EnumerateArray(), rate => Assert.True(rate.GetDouble() > 0));
        var byKind = json.GetProperty("requestsPerArticleByKind").EnumerateObject().ToDictionary(k => k.Name, k => k.Value.GetDouble());
        // Every article is downloaded once, its row written once and its receipt kept once; the container is listed.
        var kinds = string.Join(", ", byKind.Select(k => $"{k.Key}: {k.Value}"));
        Assert.True(byKind.Single(k => k.Key.StartsWith("GET blob articles", StringComparison.Ordinal)).Value == 1, kinds);
        Assert.True(byKind["PUT table Articles"] == 1, kinds);
        Assert.Contains(byKind, k => k.Key.StartsWith("GET container articles", StringComparison.Ordinal));
        Assert.True(byKind["PUT table Receipts"] == 1, kinds);
        AssertKindsAddUp(byKind, json.GetProperty("requestsPerArticle").GetDouble());
        Assert.InRange(json.GetProperty("stories").GetInt32(), 1, 30);
        var floor = json.GetProperty("floor");
        Assert.True(floor.GetProperty("roundTripsPerSecond").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, floor.GetProperty("storageCpuMillisecondsPerRoundTrip").ValueKind);
        Assert.Contains("point reads", (await CliRunner.RunAsync(settings, "bench", "ingest", "--help")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchDigestsSendsOneDigestPerSubscriberAndReportsItsCountedRequestsAndTheHeapInUse()
    {
        var json = await RunJsonAsync(await SettingsAsync(), "bench", "digests", "--subscribers", "30", "--matches", "3", "--json");

        var summary = json.GetProperty("summary");
        Assert.Equal((30, 30, 0), (summary.GetProperty("sent").GetInt32(), json.GetProperty("emailsWritten").GetInt32(), summary.GetProperty("failed").GetInt32()));
        var byKind = json.GetProperty("requestsPerSubscriberByKind").EnumerateObject().ToDictionary(k => k.Name, k => k.Value.GetDouble());
        Assert.Equal(json.GetProperty("requests").GetInt32() / 30.0, json.GetProperty("requestsPerSubscriber").GetDouble(), 2);
        AssertKindsAddUp(byKind, json.GetProperty("requestsPerSubscriber").GetDouble());
        Assert.InRange(json.GetProperty("peakLiveHeapMegabytes").GetDouble(), 1, json.GetProperty("peakMemoryMegabytes").GetDouble());

        // The suite's storage is not the command's own Azurite, so its CPU is not measured.
        Assert.Equal(JsonValueKind.Null, json.GetProperty("storageCpuMillisecondsPerSubscriber").ValueKind);
    }

    private static async Task<Dictionary<string, string?>> SettingsAsync() =>
        await TestStorage.SettingsAsync(Guid.NewGuid().ToString("N")[..12], Directory.CreateTempSubdirectory("newsalerts-bench-").FullName);

    private static async Task<JsonElement> RunJsonAsync(Dictionary<string, string?> settings, params string[] args)
    {
        var result = await CliRunner.RunAsync(settings, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement;
    }

    // Each figure is rounded to hundredths on its own, so the kinds add up to the total within their rounding.
    private static void AssertKindsAddUp(Dictionary<string, double> byKind, double total) =>
        Assert.InRange(byKind.Values.Sum() - total, -0.005 * byKind.Count, 0.005 * byKind.Count);
}
