using System.Globalization;
using System.Text;

namespace NewsAlerts.Evaluation.Articles;

/// <summary>How much of the expected text an extractor found: precision, recall and F1 of words, from 0 to 1.</summary>
/// <param name="Precision">The share of the extracted words that are in the expected text.</param>
/// <param name="Recall">The share of the expected words that were extracted.</param>
/// <param name="F1">The harmonic mean of the two.</param>
public readonly record struct ExtractionScore(double Precision, double Recall, double F1)
{
    /// <summary>
    /// Scores <paramref name="extracted"/> against <paramref name="expected"/> as bags of words: each word counts as
    /// often as it occurs in both, so navigation that repeats words of the article still costs precision.
    /// Words are runs of letters and digits, compared case-insensitively; punctuation and spacing do not count.
    /// Two empty texts agree fully; one empty text against another that is not scores 0.
    /// </summary>
    public static ExtractionScore Of(string? extracted, string? expected)
    {
        var found = Count(extracted);
        var wanted = Count(expected);
        var foundTotal = found.Values.Sum();
        var wantedTotal = wanted.Values.Sum();
        if (foundTotal == 0 && wantedTotal == 0)
        {
            return new ExtractionScore(1, 1, 1);
        }

        var overlap = found.Sum(w => Math.Min(w.Value, wanted.GetValueOrDefault(w.Key)));
        var precision = foundTotal == 0 ? 0 : (double)overlap / foundTotal;
        var recall = wantedTotal == 0 ? 0 : (double)overlap / wantedTotal;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ExtractionScore(precision, recall, f1);
    }

    /// <summary>The words of <paramref name="text"/>, lower-cased, in order.</summary>
    public static IEnumerable<string> Words(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private static Dictionary<string, int> Count(string? text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in Words(text))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        return counts;
    }
}
