using System.Collections.Frozen;
using NewsAlerts.Matching.Text;

namespace NewsAlerts.Stories;

/// <summary>
/// The words of an article that say which event it reports, counted with the weight of where they stand: a
/// title word counts 3, a word of the lead (the first <see cref="LeadWords"/> words of the body) 1.5, any other 1.
/// Words are folded (case, diacritics), English ones stemmed (Porter2), and function words left out.
/// </summary>
public static class StoryWords
{
    /// <summary>How many of the body's first words are its lead, where reports state the event.</summary>
    public const int LeadWords = 60;

    private const double TitleWeight = 3;
    private const double LeadWeight = 1.5;
    private const double BodyWeight = 1;

    // Function words and the reporting verbs every article uses; the document frequencies would weigh them
    // down anyway, but an instance that has seen few articles would not know yet.
    private static readonly FrozenSet<string> Stopwords = """
        a about above after again against all also am an and any are as at be because been before being below between
        both but by can could did do does doing down during each even few for from further get got had has have having he
        her here hers herself him himself his how i if in into is it its itself just last many may me might more most much
        my myself new no nor not now of off on once one only or other our ours ourselves out over own per said same say says
        she should since so some still such than that the their theirs them themselves then there these they this those
        through time to told too two under until up us very via was we were what when where which while who whom why will
        with within without would year years you your yours yourself yourselves
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The weighted terms of an article. <paramref name="surface"/>, when given, is told each term's first
    /// surface form (the folded word before stemming), which the document-frequency prior needs.
    /// </summary>
    public static Dictionary<string, double> Of(string title, string body, Action<string, string>? surface = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(body);
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        Add(terms, title, int.MaxValue, TitleWeight, TitleWeight, surface);
        Add(terms, body, LeadWords, LeadWeight, BodyWeight, surface);
        return terms;
    }

    private static void Add(Dictionary<string, double> terms, string text, int leadWords, double leadWeight, double weight, Action<string, string>? surface)
    {
        var words = 0;
        foreach (var token in WordTokenizer.Tokenize(text))
        {
            var word = token.Text;
            if (word.Length < 2 || Stopwords.Contains(word))
            {
                continue;
            }

            var term = EnglishStems.Stem(word);
            if (!terms.TryGetValue(term, out var sum))
            {
                surface?.Invoke(term, word);
            }

            terms[term] = sum + (words++ < leadWords ? leadWeight : weight);
        }
    }
}
