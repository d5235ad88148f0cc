using System.Globalization;
using System.Text;

namespace NewsAlerts.Stories;

/// <summary>
/// What a story is about: the sum of its articles' vectors, cut to its <see cref="MaxTerms"/> heaviest terms so
/// that a story's size in memory and in storage is bounded however many articles it gathers. Immutable.
/// </summary>
public sealed class StoryCentroid
{
    /// <summary>Most terms a story keeps.</summary>
    public const int MaxTerms = 150;

    /// <summary>How many of a story's heaviest terms it is found by (see <see cref="KeyTerms"/>).</summary>
    public const int IndexedTerms = 12;

    private StoryCentroid(Dictionary<string, double> weights, int articles, DateTimeOffset first, DateTimeOffset latest)
    {
        Weights = weights;
        Articles = articles;
        First = first;
        Latest = latest;
        var sum = 0.0;
        foreach (var weight in weights.Values)
        {
            sum += weight * weight;
        }

        Norm = Math.Sqrt(sum);
    }

    /// <summary>The story's terms and summed weights.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; }

    /// <summary>How many articles the story gathers.</summary>
    public int Articles { get; }

    /// <summary>The time of its earliest article (articles can arrive out of order: a backfill, a late upload).</summary>
    public DateTimeOffset First { get; }

    /// <summary>The time of its latest article: the story stays open for a window after it.</summary>
    public DateTimeOffset Latest { get; }

    /// <summary>The length of the summed vector.</summary>
    public double Norm { get; }

    /// <summary>The story of one article.</summary>
    public static StoryCentroid Of(StoryVector article, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(article);
        return new StoryCentroid(Cut(new Dictionary<string, double>(article.Weights, StringComparer.Ordinal)), 1, at, at);
    }

    /// <summary>The cosine of <paramref name="article"/> and the story's direction.</summary>
    public double Similarity(StoryVector article)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (Norm == 0)
        {
            return 0;
        }

        var dot = 0.0;
        foreach (var (term, weight) in article.Weights)
        {
            if (Weights.TryGetValue(term, out var mine))
            {
                dot += weight * mine;
            }
        }

        return dot / Norm;
    }

    /// <summary>The story with <paramref name="article"/> added.</summary>
    public StoryCentroid Add(StoryVector article, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(article);
        var weights = new Dictionary<string, double>(Weights, StringComparer.Ordinal);
        foreach (var (term, weight) in article.Weights)
        {
            weights[term] = weights.GetValueOrDefault(term) + weight;
        }

        return new StoryCentroid(Cut(weights), Articles + 1, at < First ? at : First, at > Latest ? at : Latest);
    }

    /// <summary>The story's <see cref="IndexedTerms"/> heaviest terms, heaviest first.</summary>
    public IReadOnlyList<string> KeyTerms() =>
        [.. Weights.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).Take(IndexedTerms).Select(w => w.Key)];

    /// <summary>The weights as text for a table property: <c>term weight</c> lines, heaviest first.</summary>
    public string SerializeWeights()
    {
        var text = new StringBuilder(Weights.Count * 16);
        foreach (var (term, weight) in Weights.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal))
        {
            text.Append(term).Append(' ').Append(weight.ToString("0.#####", CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A centroid read back from <see cref="SerializeWeights"/>.</summary>
    public static StoryCentroid Parse(string weights, int articles, DateTimeOffset first, DateTimeOffset latest)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var parsed = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in weights.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
            {
                parsed[line[..space]] = weight;
            }
        }

        return new StoryCentroid(parsed, articles, first, latest);
    }

    private static Dictionary<string, double> Cut(Dictionary<string, double> weights) =>
        weights.Count <= MaxTerms
            ? weights
            : weights.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).Take(MaxTerms).ToDictionary(StringComparer.Ordinal);
}
