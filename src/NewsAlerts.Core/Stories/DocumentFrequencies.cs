using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace NewsAlerts.Stories;

/// <summary>
/// How rare each word is, so that the words that tell one event from another weigh most: a prior that ships with
/// the app, learning from every article this instance reads. Thread-safe; its memory is bounded.
/// </summary>
/// <remarks>
/// The prior is the o200k vocabulary the summarizer already ships (Microsoft.ML.Tokenizers): byte-pair encoding
/// merges the most frequent sequences first, so a word that is one token has a rank that follows its frequency in
/// a large web corpus (" the" is 290, " president" 10,464, " missile" 73,870), and a word that is several tokens is
/// rare. The share of documents a word is assumed to appear in is about 300 / (rank + 100), counted as
/// <see cref="PriorDocuments"/> documents, to which the articles read are added; no table is fitted on any
/// evaluation data.
/// </remarks>
public sealed class DocumentFrequencies
{
    /// <summary>How many documents the prior counts as: it dominates until about that many articles are read.</summary>
    public const int PriorDocuments = 300;

    /// <summary>Most words whose counts are kept; past it, words seen once are forgotten.</summary>
    public const int MaxTerms = 200_000;

    /// <summary>
    /// The prior share at or below which a word names something (a place, a person, a ship: rank 60,000 or more, or
    /// several tokens) rather than a topic: two reports of one event share at least one such word.
    /// </summary>
    public const double DistinctivePrior = 0.005;

    private const double RarePrior = 0.001;

    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    // A term's prior is that of the most common word seen for it, or its stem: "agree", not "agreed" (a rarer
    // token), which would pass for a name. Words' priors are kept so each is tokenized once; both maps are bounded.
    private readonly ConcurrentDictionary<string, double> _priors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _wordPriors = new(StringComparer.Ordinal);
    private long _documents;

    /// <summary>How many articles have been counted.</summary>
    public long Documents => Interlocked.Read(ref _documents);

    /// <summary>The inverse document frequency of <paramref name="term"/>: ln((N + N₀ + 1) / (df + N₀·prior + 1)) + 1.</summary>
    public double Idf(string term)
    {
        var prior = _priors.TryGetValue(term, out var known) ? known : RarePrior;
        var documents = Documents + PriorDocuments + 1;
        var frequency = (_counts.TryGetValue(term, out var count) ? count : 0) + (PriorDocuments * prior) + 1;
        return Math.Log(documents / frequency) + 1;
    }

    /// <summary>Counts one article's terms; <paramref name="surfaces"/> gives each new term's surface word, for its prior.</summary>
    public void Learn(IEnumerable<string> terms, IReadOnlyDictionary<string, string>? surfaces = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Interlocked.Increment(ref _documents);
        foreach (var term in terms)
        {
            _counts.AddOrUpdate(term, 1, static (_, count) => count + 1);
            if (surfaces is not null && surfaces.TryGetValue(term, out var surface))
            {
                var prior = TermPrior(term, surface);
                _priors.AddOrUpdate(term, static (_, seen) => seen, static (_, known, seen) => Math.Max(known, seen), prior);
            }
        }

        if (_counts.Count > MaxTerms)
        {
            Forget();
        }

        if (_wordPriors.Count > MaxTerms)
        {
            _wordPriors.Clear();
        }
    }

    /// <summary>
    /// Whether <paramref name="term"/> (here seen as <paramref name="surface"/>) names something by its prior alone:
    /// what the articles read teach does not change it, so a name stays distinctive while its story runs for weeks.
    /// </summary>
    public bool IsDistinctive(string term, string surface) =>
        // A number (a year, "4,000") is rare as a token but names nothing: unrelated reports share "2026".
        !term.All(char.IsAsciiDigit) && Math.Max(_priors.TryGetValue(term, out var known) ? known : 0, TermPrior(term, surface)) <= DistinctivePrior;

    // The stem is often a word too ("spread" of "spreads", "global" of "globalization"), and a more common one.
    private double TermPrior(string term, string surface) => Math.Max(WordPrior(surface), WordPrior(term));

    private double WordPrior(string word) => _wordPriors.GetOrAdd(word, static w => Prior(w));

    /// <summary>The share of documents <paramref name="word"/> is assumed to appear in, from its o200k rank.</summary>
    public static double Prior(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var rank = int.MaxValue;
        foreach (var form in (ReadOnlySpan<string>)[" " + word, " " + char.ToUpperInvariant(word[0]) + word[1..]])
        {
            var ids = O200k.Value.EncodeToIds(form);
            if (ids.Count == 1)
            {
                rank = Math.Min(rank, ids[0]);
            }
        }

        return rank == int.MaxValue ? RarePrior : Math.Min(0.9, 300.0 / (rank + 100));
    }

    // Words seen once are most of any vocabulary and weigh least in any decision: forgetting them bounds memory.
    private void Forget()
    {
        foreach (var (term, count) in _counts)
        {
            if (count <= 1)
            {
                _counts.TryRemove(term, out _);
                _priors.TryRemove(term, out _);
            }
        }
    }
}
