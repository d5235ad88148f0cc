using BenchmarkDotNet.Attributes;
using NewsAlerts.Matching;
using NewsAlerts.Matching.Text;

namespace NewsAlerts.Benchmarks.Matching;

/// <summary>
/// Time per article to match every watchlist, by the engine, against the floor: (c) tokenizing the article
/// alone, and (c′) the engine's own non-allocating word scan. The slow baselines (a) and (b) are in
/// <see cref="MatchingBaselineBenchmarks"/>.
/// </summary>
[Config(typeof(MatchingConfig))]
[MemoryDiagnoser]
public class MatchingBenchmarks
{
    private (string Title, string Body)[] _articles = [];
    private WatchlistMatcher _matcher = WatchlistMatcher.Empty;

    [Params(1_000, 10_000, 100_000)]
    public int Terms { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _articles = [.. MatchingCorpus.Instance.Articles];
        _matcher = WatchlistMatcher.Compile(MatchingCorpus.Watchlists(Terms));
    }

    /// <summary>(c) The floor: the tokenizer alone, producing folded words.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = MatchingCorpus.ArticleCount)]
    public int Tokenize()
    {
        var words = 0;
        foreach (var (title, body) in _articles)
        {
            words += WordTokenizer.Tokenize(title).Count + WordTokenizer.Tokenize(body).Count;
        }

        return words;
    }

    /// <summary>(c′) The engine's word scan with nothing looked up: boundaries and folding into a buffer.</summary>
    [Benchmark(OperationsPerInvoke = MatchingCorpus.ArticleCount)]
    public int TokenScan()
    {
        var total = 0;
        Span<char> buffer = stackalloc char[WordTokenizer.FoldBufferLength];
        foreach (var (title, body) in _articles)
        {
            foreach (var text in (string[])[title, body])
            {
                var index = 0;
                while (WordTokenizer.NextWord(text, ref index, out var start, out var length))
                {
                    total += WordTokenizer.FoldInto(text.AsSpan(start, length), buffer);
                }
            }
        }

        return total;
    }

    /// <summary>The engine: every watchlist matched, with terms, hits, score and snippets.</summary>
    [Benchmark(OperationsPerInvoke = MatchingCorpus.ArticleCount)]
    public int Engine()
    {
        var matches = 0;
        foreach (var (title, body) in _articles)
        {
            matches += _matcher.Match(title, body).Count;
        }

        return matches;
    }

    /// <summary>The engine deciding which watchlists match, without building terms, hits, scores or snippets.</summary>
    [Benchmark(OperationsPerInvoke = MatchingCorpus.ArticleCount)]
    public int EngineMatchOnly()
    {
        var matches = 0;
        foreach (var (title, body) in _articles)
        {
            matches += _matcher.CountMatches(title, body);
        }

        return matches;
    }
}
