using System.Reflection;
using System.Text.Json;

namespace NewsAlerts.Cli.Demo;

/// <summary>The demo's own short articles and watchlists, embedded in the CLI (written for it, not copied from publishers).</summary>
internal static class DemoSamples
{
    private const string Prefix = "Samples/";
    private static readonly Assembly Assembly = typeof(DemoSamples).Assembly;

    /// <summary>Sample article names, in a stable order.</summary>
    public static IReadOnlyList<string> ArticleNames { get; } = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && !n.EndsWith("watchlists.json", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static Stream OpenArticle(string name) =>
        Assembly.GetManifestResourceStream(Prefix + name) ?? throw new InvalidOperationException($"sample {name} is not embedded");

    public static IReadOnlyList<SampleWatchlist> Watchlists()
    {
        using var stream = OpenArticle("watchlists.json");
        return JsonSerializer.Deserialize<List<SampleWatchlist>>(stream, NewsAlertsJson.Options) ?? [];
    }

    internal sealed record SampleWatchlist(string Email, string TimeZone, string Name, IReadOnlyList<string>? Terms, string? Query);
}
