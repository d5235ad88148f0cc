using System.Diagnostics;
using NewsAlerts.Testing;

namespace NewsAlerts.Cli;

/// <summary>The CLI's console telemetry: off by default, on with OpenTelemetry's exporter settings, run as a user runs it.</summary>
public sealed class CliTelemetryTests : StorageTest
{
    [Fact]
    public async Task WithTheConsoleExporterProcessPrintsEachArticlesTraceAndThePipelineMetrics()
    {
        var name = $"console-{Guid.NewGuid():N}.txt";
        await UploadAsync(name, "Dock workers strike at Rotterdam\n\nDock workers at the port of Rotterdam began a 48-hour strike on Monday.");

        var (code, output, error) = await RunNewsAlertsAsync(new() { ["OTEL_TRACES_EXPORTER"] = "console", ["OTEL_METRICS_EXPORTER"] = "console" }, "process");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var root = output.Split("\n\n").Single(block => block.Contains($"newsalerts.article.name: {name}", StringComparison.Ordinal));
        Assert.Contains("Activity.DisplayName:        ingest article", root, StringComparison.Ordinal);
        var traceId = root.Split('\n').Single(line => line.StartsWith("Activity.TraceId:", StringComparison.Ordinal));
        foreach (var stage in new[] { "download", "read", "summarize", "match", "story", "persist" })
        {
            Assert.Contains(output.Split("\n\n"), block => block.Contains(traceId, StringComparison.Ordinal) && block.Contains($"Activity.DisplayName:        ingest {stage}\n", StringComparison.Ordinal));
        }

        Assert.Contains("Metric Name: newsalerts.articles.processed", output, StringComparison.Ordinal);
        Assert.Contains("service.name: newsalerts", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ByDefaultNothingIsExported()
    {
        await UploadAsync("quiet.txt", "Dock workers strike at Rotterdam\n\nDock workers at the port of Rotterdam began a 48-hour strike on Monday.");

        var (code, output, error) = await RunNewsAlertsAsync([], "process");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("quiet.txt", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Activity.TraceId", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Metric Name", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExporterTheCliDoesNotHaveIsAConfigurationErrorNamingTheSetting()
    {
        var settings = await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox);
        settings["OTEL_TRACES_EXPORTER"] = "otlp";

        var result = await CliRunner.RunAsync(settings, "process");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("OTEL_TRACES_EXPORTER \"otlp\"", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Runs the built <c>newsalerts</c> as a separate process on this test's storage: the console exporter writes to the process's own standard output.</summary>
    private async Task<(int Code, string Output, string Error)> RunNewsAlertsAsync(Dictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory.CreateTempSubdirectory("newsalerts-cli-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "newsalerts.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("OTEL_TRACES_EXPORTER");
        start.Environment.Remove("OTEL_METRICS_EXPORTER");
        foreach (var (key, value) in (await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox)).Concat(environment))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await output).Replace("\r\n", "\n", StringComparison.Ordinal), await error);
    }
}
