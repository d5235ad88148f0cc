using System.Reflection;
using System.Text.Json.Nodes;

namespace NewsAlerts.Infra.Tests;

/// <summary>The Bicep CLI that restoring this project downloaded from NuGet.</summary>
internal static class BicepCli
{
    private static readonly Lazy<string> LazyPath = new(Locate);

    public static string ExecutablePath => LazyPath.Value;

    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(ExecutablePath, arguments, RepositoryPaths.Root);

    /// <summary>Compiles a Bicep file to its ARM template, failing with Bicep's own output.</summary>
    public static async Task<JsonObject> BuildAsync(string bicepFile)
    {
        var result = await RunAsync("build", bicepFile, "--stdout");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {bicepFile} failed:\n{result.Output}");
        }

        return JsonNode.Parse(result.StandardOutput)?.AsObject()
            ?? throw new InvalidOperationException($"bicep build {bicepFile} printed no template.");
    }

    private static string Locate()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not at '{path}'. Restore tests/NewsAlerts.Infra.Tests (dotnet restore) to download it from NuGet.");
        }

        // NuGet extracts packages without keeping file modes on some systems: make sure the binary can run.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }
}
