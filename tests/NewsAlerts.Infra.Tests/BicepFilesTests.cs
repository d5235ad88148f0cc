using System.Text.RegularExpressions;

namespace NewsAlerts.Infra.Tests;

/// <summary>Every Bicep file under infra/ compiles and lints clean: no errors, no warnings.</summary>
public sealed partial class BicepFilesTests
{
    private const string Pattern = "infra/**/*.bicep";

    [Fact]
    public void InfraHasBicepFiles() =>
        Assert.Contains(Path.Combine(RepositoryPaths.Infra, "main.bicep"), BicepFiles());

    [Fact]
    public async Task EveryBicepFileBuilds()
    {
        var outputDirectory = Directory.CreateTempSubdirectory("newsalerts-bicep-");
        try
        {
            var result = await BicepCli.RunAsync("build", "--pattern", Pattern, "--outdir", outputDirectory.FullName);

            Assert.True(result.ExitCode == 0, $"bicep build failed:\n{result.Output}");
            AssertNoDiagnostics("bicep build", result);
            var notBuilt = BicepFiles()
                .Select(file => Path.ChangeExtension(Path.GetRelativePath(RepositoryPaths.Infra, file), ".json"))
                .Where(json => !File.Exists(Path.Combine(outputDirectory.FullName, json)))
                .ToList();
            Assert.True(notBuilt.Count == 0, $"bicep build wrote no template for: {string.Join(", ", notBuilt)}\n{result.Output}");
        }
        finally
        {
            outputDirectory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task EveryBicepFileLintsClean()
    {
        var result = await BicepCli.RunAsync("lint", "--pattern", Pattern);

        Assert.True(result.ExitCode == 0, $"bicep lint failed:\n{result.Output}");
        AssertNoDiagnostics("bicep lint", result);
    }

    private static List<string> BicepFiles() =>
        Directory.EnumerateFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    private static void AssertNoDiagnostics(string command, ProcessResult result)
    {
        var diagnostics = Diagnostic().Matches(result.StandardOutput + result.StandardError).Select(match => match.Value).ToList();
        Assert.True(diagnostics.Count == 0, $"{command} reported {diagnostics.Count} error(s) or warning(s):\n{result.Output}");
    }

    // Bicep prints each diagnostic as "<file>(<line>,<column>) : <Level> <code>: <message>".
    [GeneratedRegex(@"^.*\(\d+,\d+\) : (Error|Warning) .*$", RegexOptions.Multiline)]
    private static partial Regex Diagnostic();
}
