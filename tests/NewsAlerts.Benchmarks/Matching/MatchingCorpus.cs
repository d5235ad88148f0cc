using System.Globalization;
using System.Text;
using NewsAlerts.Matching;

namespace NewsAlerts.Benchmarks.Matching;

/// <summary>
/// A seeded, synthetic but news-like corpus and watchlists for the matching benchmarks. Articles are 5–10 KB:
/// a title and paragraphs of sentences whose words follow a Zipf law over a 100,000-word vocabulary (the 200
/// commonest English words first), with people ("First Last", possessives), places and organisations drawn
/// from large name pools (300,000 people, 150,000 places), numbers, hyphenated compounds, quotes and
/// punctuation. Watchlist terms are what people watch: a third phrases (full names, places with an
/// organisation: "Karenko Bank"), half single names (surnames, places), a sixth topic words from the
/// vocabulary's tail (ranks 20,000 to 100,000), all drawn uniformly from their pools. The term list for a
/// smaller size is a prefix of the larger one, so 1,000 terms are among the 10,000.
/// </summary>
public sealed class MatchingCorpus
{
    /// <summary>Articles per benchmark operation; results are reported per article.</summary>
    public const int ArticleCount = 40;

    /// <summary>Terms per watchlist.</summary>
    public const int TermsPerWatchlist = 10;

    private const int Seed = 20261124;
    private const int VocabularySize = 100_000;
    private const int PeoplePool = 300_000;
    private const int PlacePool = 150_000;

    private static readonly string[] Common =
    [
        "the", "of", "and", "to", "a", "in", "for", "is", "on", "that", "by", "this", "with", "it", "from", "at", "as", "was", "be", "are",
        "said", "has", "have", "not", "but", "an", "they", "his", "her", "its", "their", "will", "would", "which", "after", "year", "years",
        "government", "people", "new", "more", "been", "also", "who", "had", "one", "two", "first", "last", "over", "about", "into", "than",
        "minister", "president", "police", "week", "state", "country", "officials", "city", "report", "told", "could", "were", "other",
        "some", "there", "when", "up", "out", "while", "since", "before", "percent", "million", "billion", "market", "company", "party",
        "election", "court", "security", "economy", "prices", "workers", "talks", "agreement", "statement", "spokesman", "spokeswoman",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "national", "international", "public", "military",
        "foreign", "local", "group", "leader", "leaders", "support", "plan", "plans", "deal", "since", "under", "during", "between", "against",
        "visit", "visited", "visits", "meeting", "said", "says", "say", "according", "expected", "added", "including", "many", "most", "only",
        "still", "just", "however", "because", "then", "them", "we", "our", "you", "he", "she", "all", "no", "so", "what", "can", "may",
        "should", "did", "do", "does", "made", "make", "could", "back", "down", "off", "through", "three", "four", "five", "months", "days",
        "time", "home", "world", "news", "water", "energy", "oil", "gas", "bank", "rates", "inflation", "growth", "trade", "border", "war",
        "peace", "attack", "forces", "troops", "health", "hospital", "school", "students", "union", "strike", "port", "ships", "cargo",
    ];

    private static readonly string[] Syllables =
    [
        "ba", "ro", "ti", "ven", "ka", "lo", "mer", "sa", "ni", "del", "tor", "ga", "phi", "stra", "qu", "el", "an", "os", "ir", "um",
        "chi", "pol", "dra", "ve", "no", "mi", "ar", "ten", "li", "bor", "za", "ke", "fel", "gru", "ha", "jo", "pen", "ric", "sol", "wa",
    ];

    private static readonly string[] NameSyllables =
    [
        "Al", "Be", "Ca", "Da", "El", "Fa", "Go", "Ha", "Is", "Ja", "Ko", "La", "Ma", "Na", "Ol", "Pa", "Ra", "Sa", "Ta", "Va",
        "ren", "dov", "lia", "mir", "sen", "tas", "ko", "nez", "ria", "vic", "lan", "dor", "mus", "rin", "sky", "ova", "ez", "ard", "eli", "oun",
    ];

    private static readonly string[] Organisations = ["Bank", "Party", "Union", "Council", "Group", "Airlines", "Energy", "Institute", "Fund", "Front"];

    private readonly double[] _vocabularyCdf;
    private readonly double[] _peopleCdf;
    private readonly double[] _placeCdf;

    private MatchingCorpus()
    {
        _vocabularyCdf = ZipfCdf(VocabularySize, 1.05);
        _peopleCdf = ZipfCdf(PeoplePool, 0.9);
        _placeCdf = ZipfCdf(PlacePool, 0.9);
        var random = new Random(Seed);
        Articles = Enumerable.Range(0, ArticleCount).Select(_ => Article(random)).ToArray();
        AverageBytes = AverageBytesOf(ArticleCount);
    }

    /// <summary>The corpus (built once per process: it is the same every time).</summary>
    public static MatchingCorpus Instance { get; } = new();

    /// <summary>The articles.</summary>
    public IReadOnlyList<(string Title, string Body)> Articles { get; }

    /// <summary>Average UTF-8 size of an article's title and body.</summary>
    public double AverageBytes { get; }

    /// <summary>Average UTF-8 size of the first <paramref name="count"/> articles.</summary>
    public double AverageBytesOf(int count) =>
        Articles.Take(count).Average(a => Encoding.UTF8.GetByteCount(a.Title) + Encoding.UTF8.GetByteCount(a.Body));

    /// <summary>The first <paramref name="count"/> watchlist terms (distinct, case-insensitive).</summary>
    public static IReadOnlyList<string> Terms(int count)
    {
        var random = new Random(Seed + 1);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var terms = new List<string>(count);
        for (var i = 0; terms.Count < count; i++)
        {
            var term = (i % 6) switch
            {
                0 or 3 => random.Next(3) switch
                {
                    0 => Place(random.Next(PlacePool)) + " " + Organisations[random.Next(Organisations.Length)],
                    _ => Person(random.Next(PeoplePool)),
                },
                1 or 4 => LastName(random.Next(PeoplePool)),
                2 => Place(random.Next(PlacePool)),
                _ => Word(random.Next(20_000, VocabularySize)),
            };
            if (seen.Add(term))
            {
                terms.Add(term);
            }
        }

        return terms;
    }

    /// <summary>The first <paramref name="count"/> terms as watchlists of <see cref="TermsPerWatchlist"/> terms each.</summary>
    public static IReadOnlyList<WatchlistDefinition> Watchlists(int count) =>
        Terms(count).Chunk(TermsPerWatchlist)
            .Select((terms, i) => new WatchlistDefinition($"user{i % 5000}@example.com", "W" + i.ToString(CultureInfo.InvariantCulture), terms))
            .ToList();

    private (string Title, string Body) Article(Random random)
    {
        var title = Sentence(random, random.Next(6, 12), title: true);
        var target = random.Next(5_000, 10_000);
        var body = new StringBuilder(target + 200);
        while (body.Length < target)
        {
            for (var s = random.Next(2, 6); s > 0 && body.Length < target; s--)
            {
                body.Append(Sentence(random, random.Next(8, 28), title: false)).Append(' ');
            }

            body.Length--;
            body.Append("\n\n");
        }

        return (title, body.ToString().TrimEnd());
    }

    private string Sentence(Random random, int words, bool title)
    {
        var text = new StringBuilder();
        var quoted = !title && random.NextDouble() < 0.15;
        if (quoted)
        {
            text.Append('“');
        }

        for (var w = 0; w < words; w++)
        {
            if (w > 0)
            {
                text.Append(random.NextDouble() < 0.08 ? ", " : " ");
            }

            var kind = random.NextDouble();
            string word;
            if (kind < 0.06)
            {
                var person = Sample(random, _peopleCdf);
                word = random.NextDouble() < 0.5 ? Person(person) : LastName(person);
                if (random.NextDouble() < 0.1)
                {
                    word += "’s";
                }
            }
            else if (kind < 0.10)
            {
                word = Place(Sample(random, _placeCdf));
            }
            else if (kind < 0.12)
            {
                word = random.Next(1, 2030).ToString(CultureInfo.InvariantCulture);
            }
            else if (kind < 0.14)
            {
                word = Word(Sample(random, _vocabularyCdf)) + "-" + Word(Sample(random, _vocabularyCdf));
            }
            else
            {
                word = Word(Sample(random, _vocabularyCdf));
                if (title || w == 0)
                {
                    word = char.ToUpperInvariant(word[0]) + word[1..];
                }
            }

            text.Append(word);
        }

        if (!title)
        {
            text.Append(random.NextDouble() < 0.05 ? '?' : '.');
        }

        if (quoted)
        {
            text.Append('”');
        }

        return text.ToString();
    }

    private static string Word(int rank)
    {
        if (rank < Common.Length)
        {
            return Common[rank];
        }

        var builder = new StringBuilder();
        var n = rank;
        do
        {
            builder.Append(Syllables[n % Syllables.Length]);
            n /= Syllables.Length;
        }
        while (n > 0);
        return builder.ToString();
    }

    private static string Name(int index, int salt)
    {
        var builder = new StringBuilder();
        var n = (long)index * 7919 + salt;
        builder.Append(NameSyllables[(int)(n % 20)]);
        n /= 20;
        do
        {
            builder.Append(NameSyllables[20 + (int)(n % 20)]);
            n /= 20;
        }
        while (n > 0);
        return builder.ToString();
    }

    private static string LastName(int person) => Name(person, 3);

    private static string Person(int person) => Name(person % 3_000, 1) + " " + LastName(person);

    private static string Place(int place) => Name(place, 5) + (place % 4 == 0 ? "a" : string.Empty);

    private static double[] ZipfCdf(int size, double exponent)
    {
        var cdf = new double[size];
        var total = 0.0;
        for (var r = 0; r < size; r++)
        {
            total += 1 / Math.Pow(r + 1, exponent);
            cdf[r] = total;
        }

        for (var r = 0; r < size; r++)
        {
            cdf[r] /= total;
        }

        return cdf;
    }

    private static int Sample(Random random, double[] cdf)
    {
        var index = Array.BinarySearch(cdf, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cdf.Length - 1);
    }
}
