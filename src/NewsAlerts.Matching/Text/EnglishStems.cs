using Lucene.Net.Tartarus.Snowball.Ext;

namespace NewsAlerts.Matching.Text;

/// <summary>
/// English inflections folded to a common stem with the Snowball English (Porter2) stemmer from
/// Lucene.Net: <c>visit</c>, <c>visits</c>, <c>visited</c> and <c>visiting</c> all stem to <c>visit</c>.
/// Only words of ASCII letters are stemmed; others (Cyrillic, Hangul, digits) are their own stem.
/// </summary>
public static class EnglishStems
{
    [ThreadStatic]
    private static EnglishStemmer? _stemmer;

    /// <summary>True when <paramref name="word"/> (folded) is one the stemmer applies to.</summary>
    public static bool Applies(ReadOnlySpan<char> word)
    {
        if (word.Length < 3)
        {
            return false;
        }

        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The stem of <paramref name="word"/>, a folded word (see <see cref="WordTokenizer.Fold"/>).</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (!Applies(word))
        {
            return word;
        }

        // The Snowball program keeps its state in the instance: one per thread.
        var stemmer = _stemmer ??= new EnglishStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }
}
