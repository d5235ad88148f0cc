namespace NewsAlerts.Infra.Tests;

/// <summary>Locates the repository the tests check, whatever folder the test host runs in.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Infra => Path.Combine(Root, "infra");

    public static string InRoot(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NewsAlerts.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No NewsAlerts.sln above {AppContext.BaseDirectory}: the tests must run inside the repository.");
    }
}
