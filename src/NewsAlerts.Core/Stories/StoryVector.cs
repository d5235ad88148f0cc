namespace NewsAlerts.Stories;

/// <summary>
/// An article as a TF-IDF vector of its <see cref="StoryWords"/>, of length one: each term weighs
/// (1 + ln of its weighted count) × its inverse document frequency.
/// </summary>
public sealed class StoryVector
{
    /// <summary>How many of an article's heaviest terms its candidate stories are looked up by.</summary>
    public const int LookupTerms = 10;

    /// <summary>Most candidate stories an article is compared with: reads per article stay the same however many stories there are.</summary>
    public const int MaxCandidates = 8;

    private StoryVector(IReadOnlyDictionary<string, double> weights, bool hasBody, IReadOnlySet<string> distinctive)
    {
        Weights = weights;
        HasBody = hasBody;
        Distinctive = distinctive;
    }

    /// <summary>The terms and their weights; the squares sum to one.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; }

    /// <summary>Whether the article has a body, not just a title: title-only articles have a threshold of their own.</summary>
    public bool HasBody { get; }

    /// <summary>Its terms that name something (<see cref="DocumentFrequencies.IsDistinctive"/>): a story it joins shares one.</summary>
    public IReadOnlySet<string> Distinctive { get; }

    /// <summary>Whether the article has no term at all (nothing to compare).</summary>
    public bool IsEmpty => Weights.Count == 0;

    /// <summary>
    /// The vector of an article; its terms are first counted in <paramref name="frequencies"/> (unless
    /// <paramref name="learn"/> is false, for a look that must change nothing), so an article is never rarer than itself.
    /// </summary>
    public static StoryVector Of(string title, string body, DocumentFrequencies frequencies, bool learn = true)
    {
        ArgumentNullException.ThrowIfNull(frequencies);
        var surfaces = new Dictionary<string, string>(StringComparer.Ordinal);
        var counts = StoryWords.Of(title, body, (term, word) => surfaces[term] = word);
        if (learn)
        {
            frequencies.Learn(counts.Keys, surfaces);
        }
        var weights = new Dictionary<string, double>(counts.Count, StringComparer.Ordinal);
        var sum = 0.0;
        foreach (var (term, count) in counts)
        {
            var weight = (1 + Math.Log(count)) * frequencies.Idf(term);
            weights[term] = weight;
            sum += weight * weight;
        }

        var norm = Math.Sqrt(sum);
        if (norm > 0)
        {
            foreach (var term in counts.Keys)
            {
                weights[term] /= norm;
            }
        }

        var distinctive = counts.Keys.Where(term => frequencies.IsDistinctive(term, surfaces[term])).ToHashSet(StringComparer.Ordinal);
        return new StoryVector(weights, !string.IsNullOrWhiteSpace(body), distinctive);
    }

    /// <summary>The <paramref name="count"/> heaviest terms, heaviest first: what a story is found by.</summary>
    public IReadOnlyList<string> KeyTerms(int count) =>
        [.. Weights.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).Take(count).Select(w => w.Key)];

    /// <summary>
    /// The stories among <paramref name="hits"/> (a term of this article, a story indexed by it) most worth comparing
    /// with: those its terms point to with the most weight, at most <see cref="MaxCandidates"/>, ties by key.
    /// </summary>
    public IReadOnlyList<TKey> Candidates<TKey>(IEnumerable<(string Term, TKey Story)> hits)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(hits);
        return [.. hits.GroupBy(hit => hit.Story)
            .Select(story => (Key: story.Key, Weight: story.Sum(hit => Weights.GetValueOrDefault(hit.Term))))
            .OrderByDescending(story => story.Weight)
            .ThenBy(story => story.Key)
            .Take(MaxCandidates)
            .Select(story => story.Key)];
    }
}
