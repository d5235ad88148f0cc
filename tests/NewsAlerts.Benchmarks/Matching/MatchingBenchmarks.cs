using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using NewsAlerts.Text;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Benchmarks.Matching;

/// <summary>
/// Time per article to find every watchlist term, by the engine and by the baselines of the issue: (a) a
/// loop of per-term <c>IndexOf(…, OrdinalIgnoreCase)</c> with word-boundary checks, (b) one compiled
/// case-insensitive <see cref="Regex"/> alternation with word boundaries and hyphen/space-tolerant
/// phrases, (c) tokenizing the article alone, the floor (and (c′) the engine's own non-allocating word scan).
/// </summary>
[Config(typeof(MatchingConfig))]
[MemoryDiagnoser]
public class MatchingBenchmarks
{
    /// <summary>Regex construction is given this long before (b) is reported as failing.</summary>
    private static readonly TimeSpan RegexBuildLimit = TimeSpan.FromMinutes(2);

    private (string Title, string Body)[] _articles = [];
    private string[] _texts = [];
    private string[] _terms = [];
    private WatchlistMatcher _matcher = WatchlistMatcher.Empty;
    private Regex? _regex;

    [Params(1_000, 10_000, 100_000)]
    public int Terms { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _articles = [.. MatchingCorpus.Instance.Articles];
        _texts = _articles.Select(a => a.Title + "\n\n" + a.Body).ToArray();
        _terms = [.. MatchingCorpus.Terms(Terms)];
        _matcher = WatchlistMatcher.Compile(MatchingCorpus.Watchlists(Terms));
    }

    [GlobalSetup(Target = nameof(RegexAlternation))]
    public void SetupRegex()
    {
        Setup();
        var pattern = new StringBuilder(@"\b(?:");
        for (var t = 0; t < _terms.Length; t++)
        {
            if (t > 0)
            {
                pattern.Append('|');
            }

            pattern.AppendJoin(@"[\s\-]+", _terms[t].Split(' ').Select(Regex.Escape));
        }

        pattern.Append(@")\b");
        var build = Task.Run(() => new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled));
        if (!build.Wait(RegexBuildLimit))
        {
            throw new TimeoutException($"the regex of {Terms:N0} terms did not build in {RegexBuildLimit.TotalSeconds} s");
        }

        _regex = build.Result;
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

    /// <summary>(a) Each term searched for with <c>IndexOf(…, OrdinalIgnoreCase)</c>, checking word boundaries.</summary>
    [Benchmark(OperationsPerInvoke = MatchingCorpus.ArticleCount)]
    public int IndexOfLoop()
    {
        var found = 0;
        foreach (var text in _texts)
        {
            foreach (var term in _terms)
            {
                var from = 0;
                int at;
                while ((at = text.IndexOf(term, from, StringComparison.OrdinalIgnoreCase)) >= 0)
                {
                    var end = at + term.Length;
                    if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
                    {
                        found++;
                        break;
                    }

                    from = at + 1;
                }
            }
        }

        return found;
    }

    /// <summary>(b) One regex alternation of every term.</summary>
    [Benchmark(OperationsPerInvoke = MatchingCorpus.ArticleCount)]
    public int RegexAlternation()
    {
        var found = 0;
        foreach (var text in _texts)
        {
            foreach (var unused in _regex!.EnumerateMatches(text))
            {
                found++;
            }
        }

        return found;
    }
}
