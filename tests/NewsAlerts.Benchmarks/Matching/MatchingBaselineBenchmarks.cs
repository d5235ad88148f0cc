using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;

namespace NewsAlerts.Benchmarks.Matching;

/// <summary>
/// The issue's baselines, per article: (a) a loop of per-term <c>IndexOf(…, OrdinalIgnoreCase)</c> with
/// word-boundary checks, (b) one compiled case-insensitive <see cref="Regex"/> alternation with word
/// boundaries and hyphen/space-tolerant phrases. They are thousands of times slower than the engine, so
/// they run over the first <see cref="Articles"/> articles of the same corpus, with fewer iterations.
/// </summary>
[Config(typeof(MatchingBaselineConfig))]
public class MatchingBaselineBenchmarks
{
    /// <summary>Articles per operation.</summary>
    public const int Articles = 8;

    /// <summary>Regex construction is given this long before (b) is reported as failing.</summary>
    private static readonly TimeSpan RegexBuildLimit = TimeSpan.FromMinutes(2);

    /// <summary>
    /// One article is given this long before (b) is reported as failing: at 100,000 terms one article takes
    /// minutes, and the runs BenchmarkDotNet needs would take hours.
    /// </summary>
    private static readonly TimeSpan RegexArticleLimit = TimeSpan.FromSeconds(20);

    private string[] _texts = [];
    private string[] _terms = [];
    private Regex? _regex;

    [Params(1_000, 10_000, 100_000)]
    public int Terms { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _texts = MatchingCorpus.Instance.Articles.Take(Articles).Select(a => a.Title + "\n\n" + a.Body).ToArray();
        _terms = [.. MatchingCorpus.Terms(Terms)];
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
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var build = Task.Run(() => new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled));
        if (!build.Wait(RegexBuildLimit))
        {
            throw new TimeoutException($"the regex of {Terms:N0} terms did not build in {RegexBuildLimit.TotalSeconds} s");
        }

        _regex = build.Result;
        Console.WriteLine($"// regex of {Terms} terms ({pattern.Length} characters) built in {watch.Elapsed.TotalSeconds:0.0} s");

        watch.Restart();
        var first = Task.Run(RegexOneArticle);
        if (!first.Wait(RegexArticleLimit))
        {
            throw new TimeoutException($"the regex of {Terms:N0} terms did not match one article in {RegexArticleLimit.TotalSeconds} s");
        }

        Console.WriteLine($"// regex of {Terms} terms matched the first article in {watch.Elapsed.TotalSeconds:0.000} s");
    }

    /// <summary>(a) Each term searched for with <c>IndexOf(…, OrdinalIgnoreCase)</c>, checking word boundaries.</summary>
    [Benchmark(OperationsPerInvoke = Articles)]
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

    private int RegexOneArticle()
    {
        var found = 0;
        foreach (var unused in _regex!.EnumerateMatches(_texts[0]))
        {
            found++;
        }

        return found;
    }

    /// <summary>(b) One regex alternation of every term.</summary>
    [Benchmark(OperationsPerInvoke = Articles)]
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
