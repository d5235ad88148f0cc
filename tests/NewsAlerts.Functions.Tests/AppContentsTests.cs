using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using NewsAlerts.Functions.HostProtocol;

namespace NewsAlerts.Functions;

/// <summary>
/// The Functions app ships no evaluation code: ROUGE and the story evaluation are <c>NewsAlerts.Evaluation</c>, which
/// only the CLI references, so nothing that measures the pipeline is deployed with it.
/// </summary>
public class AppContentsTests
{
    [Fact]
    public void TheBuildOutputHasNoEvaluationAssembly() =>
        Assert.Empty(Directory.GetFiles(TestFunctionsHost.AppDirectory, "NewsAlerts.Evaluation*.dll"));

    [Fact]
    public void TheAppsCoreAssemblyHasNoEvaluationNamespace()
    {
        // Read as metadata, not loaded: the test's own copy of Core could differ from the one the app ships.
        using var core = new PEReader(File.OpenRead(Path.Combine(TestFunctionsHost.AppDirectory, "NewsAlerts.Core.dll")));
        var metadata = core.GetMetadataReader();
        var namespaces = metadata.TypeDefinitions
            .Select(handle => metadata.GetString(metadata.GetTypeDefinition(handle).Namespace))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("NewsAlerts.Summaries", namespaces);
        Assert.DoesNotContain(namespaces, name => name.Split('.').Contains("Evaluation", StringComparer.Ordinal));
    }
}
