using System.Text.RegularExpressions;

namespace NewsAlerts.Evaluation.Summaries;

/// <summary>
/// The Lead-3 baseline exactly as the evaluation data defines "lead3 (regex)": newlines become spaces, the text
/// is split after <c>.</c>, <c>!</c> or <c>?</c> (and an optional closing quote) where whitespace is followed by
/// an optional opening quote or bracket and an ASCII capital or digit, and the first three sentences are the summary.
/// </summary>
/// <remarks>
/// Deliberately naive (it splits after <c>Mr.</c> and <c>U.S.</c>): it must reproduce the published baseline
/// figures, not summarize well. Our own splitter is <see cref="Text.SentenceSplitter"/>.
/// </remarks>
internal static partial class LeadBaseline
{
    public const int SentenceCount = 3;

    /// <summary>The first <paramref name="count"/> sentences of <paramref name="article"/>.</summary>
    public static IReadOnlyList<string> Lead(string article, int count = SentenceCount)
    {
        ArgumentNullException.ThrowIfNull(article);
        var sentences = new List<string>(count);
        foreach (var piece in Boundary().Split(article.Replace('\n', ' ')))
        {
            var sentence = piece.Trim();
            if (sentence.Length > 0)
            {
                sentences.Add(sentence);
                if (sentences.Count == count)
                {
                    break;
                }
            }
        }

        return sentences;
    }

    // Python's \s also matches U+001C..U+001F, which .NET's \s does not.
    [GeneratedRegex("""(?<=[.!?])["'’”]?[\s\x1c-\x1f]+(?=["'‘“(]?[A-Z0-9])""", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();
}
