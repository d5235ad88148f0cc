using NewsAlerts.Stories;

namespace NewsAlerts.Evaluation.Stories;

/// <summary>A single-pass story method: each article, in time order, joins a story or starts one.</summary>
internal interface IStoryClusterer
{
    /// <summary>The story <paramref name="article"/> joins or starts; it is added to it.</summary>
    string Assign(LabelledArticle article);

    /// <summary>The story an article would join now, without adding it; null for a new story.</summary>
    string? Peek(string title, string body, DateTimeOffset at);
}

/// <summary>
/// The product's method in memory: <see cref="StoryVector"/>s against <see cref="StoryCentroid"/>s, found through
/// their heaviest terms as the product finds them in its table, decided by the same <see cref="StoryRule"/>.
/// </summary>
internal sealed class CentroidClusterer(StoryRule rule) : IStoryClusterer
{
    private readonly DocumentFrequencies _frequencies = new();
    private readonly List<StoryCentroid> _stories = [];
    private readonly Dictionary<string, HashSet<int>> _byTerm = new(StringComparer.Ordinal);

    public string Assign(LabelledArticle article)
    {
        var vector = StoryVector.Of(article.Title, article.Body, _frequencies);
        var best = Best(vector, article.At);
        int story;
        if (best is { } found)
        {
            story = found;
            _stories[story] = _stories[story].Add(vector, article.At);
        }
        else
        {
            story = _stories.Count;
            _stories.Add(StoryCentroid.Of(vector, article.At));
        }

        foreach (var term in _stories[story].KeyTerms())
        {
            Stories(term).Add(story);
        }

        return Id(story);
    }

    public string? Peek(string title, string body, DateTimeOffset at) =>
        Best(StoryVector.Of(title, body, _frequencies, learn: false), at) is { } story ? Id(story) : null;

    private int? Best(StoryVector vector, DateTimeOffset at)
    {
        var candidates = new HashSet<int>();
        foreach (var term in vector.KeyTerms(StoryVector.LookupTerms))
        {
            candidates.UnionWith(Stories(term));
        }

        return rule.Best(vector, at, candidates.Select(c => (c, _stories[c])))?.Key;
    }

    private HashSet<int> Stories(string term) =>
        _byTerm.TryGetValue(term, out var stories) ? stories : _byTerm[term] = [];

    private static string Id(int story) => "c" + story.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The rule NewsAlerts used before: an article joins the story of its most similar article within the window
/// when their MinHash estimate of 4-word-shingle Jaccard reaches the threshold (LSH: 64 bands of 2 hashes).
/// </summary>
internal sealed class MinHashClusterer(double threshold, TimeSpan? window) : IStoryClusterer
{
    private const int Bands = 64;
    private const int Rows = MinHashSignature.Length / Bands;
    private readonly List<(MinHashSignature Signature, string Story, DateTimeOffset At)> _articles = [];
    private readonly Dictionary<ulong, List<int>> _buckets = [];

    public string Assign(LabelledArticle article)
    {
        var signature = Sign(article.Title, article.Body);
        var story = Best(signature, article.At) ?? "m" + _articles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var band = 0; band < Bands; band++)
        {
            var key = signature.BandKey(band, Rows);
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                _buckets[key] = bucket = [];
            }

            bucket.Add(_articles.Count);
        }

        _articles.Add((signature, story, article.At));
        return story;
    }

    public string? Peek(string title, string body, DateTimeOffset at) => Best(Sign(title, body), at);

    private static MinHashSignature Sign(string title, string body)
    {
        var signature = MinHashSignature.Of(body);
        return signature.IsEmpty ? MinHashSignature.Of(title) : signature;
    }

    private string? Best(MinHashSignature signature, DateTimeOffset at)
    {
        string? best = null;
        var bestSimilarity = threshold;
        var seen = new HashSet<int>();
        for (var band = 0; band < Bands; band++)
        {
            if (!_buckets.TryGetValue(signature.BandKey(band, Rows), out var bucket))
            {
                continue;
            }

            foreach (var i in bucket)
            {
                var other = _articles[i];
                if (!seen.Add(i) || (window is { } w && (at - other.At).Duration() > w))
                {
                    continue;
                }

                var similarity = signature.Similarity(other.Signature);
                if (similarity >= bestSimilarity)
                {
                    (best, bestSimilarity) = (other.Story, similarity);
                }
            }
        }

        return best;
    }
}
