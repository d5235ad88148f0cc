using System.Collections.Frozen;
using NewsAlerts.Text;

namespace NewsAlerts.Summaries;

/// <summary>
/// Turns sentences into content terms for similarity: lower-cased words, Porter-stemmed like ROUGE stems
/// them, stop words left out, each distinct stem numbered within one article.
/// </summary>
internal sealed class SentenceTerms
{
    private const int StackBufferLimit = 256;

    // Function words that carry no topic; similarity on them would make every sentence look central.
    private static readonly FrozenSet<string> StopWords = FrozenSet.Create(
        StringComparer.Ordinal,
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
        "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have",
        "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into",
        "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
        "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "said", "same",
        "says", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us",
        "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
        "would", "you", "your", "yours", "yourself", "s", "t", "d", "ll", "m", "re", "ve", "one", "two", "new",
        "year", "years", "told", "say", "get", "got", "like", "may", "might", "must", "many", "much");

    private const int StopWord = -1;

    // Stems to term ids, and every word form seen to its term id (or StopWord), so that a word repeated in the
    // article is looked up without allocating or stemming it again.
    private readonly Dictionary<string, int> _stemIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _wordIds = new(StringComparer.Ordinal);

    /// <summary>Number of distinct terms seen so far; term ids are below this.</summary>
    public int Count => _stemIds.Count;

    /// <summary>The content terms of <paramref name="sentence"/> in order, and its number of words.</summary>
    public (int[] Terms, int WordCount) Read(ReadOnlySpan<char> sentence)
    {
        var terms = new List<int>();
        var words = 0;
        var wordIds = _wordIds.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = sentence.Length <= StackBufferLimit ? stackalloc char[sentence.Length] : new char[sentence.Length];
        var length = 0;
        for (var i = 0; i <= sentence.Length; i++)
        {
            if (i < sentence.Length && char.IsLetterOrDigit(sentence[i]))
            {
                buffer[length++] = char.ToLowerInvariant(sentence[i]);
                continue;
            }

            if (length == 0)
            {
                continue;
            }

            words++;
            var word = buffer[..length];
            length = 0;
            if (!wordIds.TryGetValue(word, out var id))
            {
                id = TermId(word.ToString());
                wordIds[word] = id;
            }

            if (id != StopWord)
            {
                terms.Add(id);
            }
        }

        return ([.. terms], words);
    }

    private int TermId(string word)
    {
        if (StopWords.Contains(word))
        {
            return StopWord;
        }

        var stem = word.Length > 3 ? PorterStemmer.Stem(word) : word;
        if (!_stemIds.TryGetValue(stem, out var id))
        {
            id = _stemIds.Count;
            _stemIds.Add(stem, id);
        }

        return id;
    }
}
