using NewsAlerts.Text;

namespace NewsAlerts.Evaluation.Summaries;

/// <summary>
/// rouge_score's tokenizer: Python's <c>str.lower()</c>, every run of characters outside ASCII
/// <c>a-z0-9</c> becomes a separator, and (optionally) tokens longer than three characters are Porter-stemmed.
/// </summary>
/// <remarks>
/// Non-ASCII letters are separators, as in rouge_score (<c>café</c> → <c>caf</c>). Only two non-ASCII
/// characters lower-case to ASCII in Python: U+0130 (İ → i + combining dot, so <c>İstanbul</c> → <c>i</c>,
/// <c>stanbul</c>) and U+212A (Kelvin sign → k).
/// </remarks>
internal static class RougeTokenizer
{
    /// <summary>rouge_score stems only tokens longer than this.</summary>
    private const int MaxUnstemmedLength = 3;

    private const int StackBufferLimit = 256;

    public static List<string> Tokenize(ReadOnlySpan<char> text, bool stem)
    {
        var tokens = new List<string>();
        Span<char> buffer = text.Length <= StackBufferLimit ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;

        foreach (var c in text)
        {
            var mapped = ToAsciiLowerOrSeparator(c);
            if (mapped != '\0')
            {
                buffer[length++] = mapped;
            }

            if (mapped == '\0' || c == '\u0130')
            {
                Flush(buffer, ref length);
            }
        }

        Flush(buffer, ref length);
        return tokens;

        void Flush(Span<char> token, ref int tokenLength)
        {
            if (tokenLength == 0)
            {
                return;
            }

            var word = new string(token[..tokenLength]);
            tokens.Add(stem && tokenLength > MaxUnstemmedLength ? PorterStemmer.Stem(word) : word);
            tokenLength = 0;
        }
    }

    /// <summary>The ASCII letter or digit that <paramref name="c"/> lower-cases to in Python, or <c>'\0'</c> for a separator.</summary>
    /// <remarks>U+0130 maps to <c>i</c>; in Python its lower case continues with U+0307, a separator.</remarks>
    internal static char ToAsciiLowerOrSeparator(char c) => c switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' => c,
        >= 'A' and <= 'Z' => (char)(c + ('a' - 'A')),
        '\u0130' => 'i',
        '\u212A' => 'k',
        _ => '\0',
    };
}
