using System.Diagnostics;
using System.Text.Json.Nodes;
using NewsAlerts.Functions.HostProtocol;

namespace NewsAlerts.Functions.EndToEnd;

/// <summary>
/// What azd deploys (<c>dotnet publish -c Release</c>) against what <c>func start</c> runs (the build output):
/// Flex Consumption's host records an error for a polling blob trigger at every start, so only the local build has it.
/// </summary>
public sealed class PublishedPackageTests
{
    [Fact]
    public async Task TheReleasePublishHoldsOnlyEventGridBlobTriggersAndTheLocalBuildBoth()
    {
        var output = Directory.CreateTempSubdirectory("newsalerts-publish-").FullName;
        var project = Path.GetFullPath(Path.Combine(TestFunctionsHost.AppDirectory, "..", "..", "..", "NewsAlerts.Functions.csproj"));

        var (exitCode, log) = await RunAsync("dotnet", "publish", project, "-c", "Release", "-o", output, "--nologo");

        Assert.True(exitCode == 0, log);
        var published = BlobTriggers(Path.Combine(output, "functions.metadata"));
        var local = BlobTriggers(Path.Combine(TestFunctionsHost.AppDirectory, "functions.metadata"));
        Assert.Equal(["ProcessArticle:EventGrid"], published);
        Assert.Equal(["ProcessArticle:EventGrid", "ProcessArticlePolling:LogsAndContainerScan"], local);
        Assert.True(File.Exists(Path.Combine(output, "host.json")), "the package must carry host.json");
        Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "local settings must never be deployed");
    }

    private static List<string> BlobTriggers(string metadata) =>
        JsonNode.Parse(File.ReadAllText(metadata))!.AsArray()
            .SelectMany(f => f!["bindings"]!.AsArray().Where(b => (string?)b!["type"] == "blobTrigger").Select(b => $"{f["name"]}:{b!["source"]}"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<(int ExitCode, string Log)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
