using BenchmarkDotNet.Attributes;
using NewsAlerts.Matching;

namespace NewsAlerts.Benchmarks.Matching;

/// <summary>Compiling every watchlist into one matcher: time, allocations, and the memory the matcher keeps.</summary>
[Config(typeof(MatcherBuildConfig))]
[MemoryDiagnoser]
public class MatcherBuildBenchmarks
{
    private IReadOnlyList<WatchlistDefinition> _watchlists = [];

    [Params(1_000, 10_000, 100_000)]
    public int Terms { get; set; }

    [GlobalSetup]
    public void Setup() => _watchlists = MatchingCorpus.Watchlists(Terms);

    [Benchmark]
    public WatchlistMatcher Compile() => WatchlistMatcher.Compile(_watchlists);
}
