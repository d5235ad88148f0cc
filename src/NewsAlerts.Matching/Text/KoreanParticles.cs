namespace NewsAlerts.Matching.Text;

/// <summary>
/// Korean writes case particles (josa) and the plural 들 joined to the noun: 서울에서 is 서울 + 에서
/// ("in Seoul"). A Hangul watchlist word therefore also matches an article word that is the same word
/// followed by one of these endings: 서울 matches 서울, 서울에서, 서울의, 서울에서는. The article word is
/// kept whole as well, so a watchlist word with its particle (서울에서) still matches exactly.
/// </summary>
public static class KoreanParticles
{
    /// <summary>Most candidate stems <see cref="StemLengths"/> writes.</summary>
    public const int MaxStems = 4;

    // Longest first is not needed: every ending of a different length gives its own candidate stem.
    private static readonly string[] Endings =
    [
        "이", "가", "은", "는", "을", "를", "의", "에", "도", "만", "와", "과", "로", "나", "께", "랑", "들",
        "에서", "에게", "으로", "까지", "부터", "보다", "처럼", "한테", "께서", "이나", "이랑", "하고", "마다", "조차",
        "에는", "에도", "로는", "로도", "와의", "과의", "들이", "들은", "들을", "들의", "들도", "들과", "들로", "들에",
        "에서는", "에서도", "에서의", "에게는", "에게도", "으로는", "으로도", "으로의", "까지는", "부터는", "들에게", "들에서",
    ];

    /// <summary>
    /// Writes into <paramref name="lengths"/> the lengths of <paramref name="word"/>'s stems: the word
    /// without each particle it ends with, at least one syllable long. Returns how many were written.
    /// </summary>
    public static int StemLengths(ReadOnlySpan<char> word, Span<int> lengths)
    {
        var count = 0;
        if (!WordTokenizer.IsHangulOnly(word))
        {
            return 0;
        }

        foreach (var ending in Endings)
        {
            if (word.Length > ending.Length && word.EndsWith(ending, StringComparison.Ordinal) && count < lengths.Length)
            {
                var length = word.Length - ending.Length;
                if (!lengths[..count].Contains(length))
                {
                    lengths[count++] = length;
                }
            }
        }

        return count;
    }
}
