using System.Globalization;
using System.Text;

namespace NewsAlerts.Matching.Text;

/// <summary>
/// Splits text into words folded for matching: case, diacritics and compatibility forms
/// (full-width letters, ligatures) are folded; punctuation, hyphens, apostrophes, typographic quotes
/// and every kind of space separate words, and a possessive <c>'s</c> is dropped (<c>Putin's</c> is
/// <c>putin</c>). Han ideographs and kana, written without spaces, are one word per character so that a
/// watchlist term matches inside a run of them. Hangul words stay whole and composed (particles are
/// handled by <see cref="KoreanParticles"/>).
/// </summary>
/// <remarks>
/// This is the one tokenizer of everything that matches: <see cref="Tokenize"/> for callers that want
/// strings, and <see cref="NextWord"/> with <see cref="FoldInto"/> for the matcher's scan, which folds
/// into a buffer and allocates nothing per word. Both walk the text the same way.
/// </remarks>
public static class WordTokenizer
{
    /// <summary>Longest folded word <see cref="FoldInto"/> writes into a buffer of <see cref="FoldBufferLength"/>.</summary>
    public const int FoldBufferLength = 256;

    private static readonly bool[] AsciiWord = BuildAsciiWord();

    /// <summary>Tokenizes <paramref name="text"/>.</summary>
    public static List<WordToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<WordToken>(text.Length / 6 + 1);
        var index = 0;
        while (NextWord(text, ref index, out var start, out var length))
        {
            var folded = Fold(text.AsSpan(start, length));
            if (folded.Length > 0)
            {
                tokens.Add(new WordToken(folded, start, length));
            }
        }

        return tokens;
    }

    /// <summary>
    /// Finds the next word of <paramref name="text"/> at or after <paramref name="index"/>, which it moves
    /// past the word (and past a possessive <c>'s</c> that follows it). False when there is none.
    /// </summary>
    public static bool NextWord(ReadOnlySpan<char> text, ref int index, out int start, out int length)
    {
        var i = index;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (!AsciiWord[c])
                {
                    i++;
                    continue;
                }

                break;
            }

            var kind = Classify(text, i, out var width);
            if (kind == CharKind.Ideograph)
            {
                start = i;
                length = width;
                index = i + width;
                return true;
            }

            if (kind == CharKind.Word)
            {
                break;
            }

            i += width;
        }

        if (i >= text.Length)
        {
            index = text.Length;
            start = length = 0;
            return false;
        }

        start = i;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (!AsciiWord[c])
                {
                    break;
                }

                i++;
                continue;
            }

            var kind = Classify(text, i, out var width);
            if (kind is not (CharKind.Word or CharKind.Mark))
            {
                break;
            }

            i += width;
        }

        length = i - start;
        index = SkipPossessive(text, i);
        return true;
    }

    /// <summary>Folds one word for matching (see <see cref="WordTokenizer"/>).</summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        if (IsLowerAscii(word))
        {
            return word.ToString();
        }

        Span<char> buffer = stackalloc char[FoldBufferLength];
        var written = FoldInto(word, buffer);
        return written >= 0 ? buffer[..written].ToString() : FoldSlow(word);
    }

    /// <summary>
    /// Folds <paramref name="word"/> into <paramref name="destination"/>; returns the length written, or -1
    /// when it does not fit (then use <see cref="Fold"/>).
    /// </summary>
    public static int FoldInto(ReadOnlySpan<char> word, Span<char> destination)
    {
        if (word.Length > destination.Length)
        {
            return -1;
        }

        var ascii = true;
        for (var k = 0; k < word.Length; k++)
        {
            var c = word[k];
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }

            destination[k] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }

        if (ascii)
        {
            return word.Length;
        }

        if (IsHangulOnly(word))
        {
            // Hangul syllables decompose into jamo under NFKD; they have no diacritics or case to fold.
            word.CopyTo(destination);
            return word.Length;
        }

        Span<char> decomposed = stackalloc char[FoldBufferLength];
        if (!word.TryNormalize(decomposed, out var decomposedLength, NormalizationForm.FormKD))
        {
            return -1;
        }

        var written = 0;
        var jamo = false;
        foreach (var c in decomposed[..decomposedLength])
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            jamo |= c is >= '\u1100' and <= '\u11FF';
            var added = AppendFolded(char.ToLowerInvariant(c), destination[written..]);
            if (added < 0)
            {
                return -1;
            }

            written += added;
        }

        if (jamo)
        {
            // Hangul mixed with other letters: compose the jamo again, as the all-Hangul path keeps them.
            Span<char> composed = stackalloc char[FoldBufferLength];
            if (!((ReadOnlySpan<char>)destination[..written]).TryNormalize(composed, out var composedLength, NormalizationForm.FormC))
            {
                return -1;
            }

            composed[..composedLength].CopyTo(destination);
            written = composedLength;
        }

        return written;
    }

    /// <summary>True when every character of <paramref name="word"/> is a Hangul syllable.</summary>
    public static bool IsHangulOnly(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return false;
        }

        foreach (var c in word)
        {
            if (c is < '\uAC00' or > '\uD7A3')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="word"/> is one Han ideograph or kana (a word of its own).</summary>
    public static bool IsIdeograph(ReadOnlySpan<char> word) =>
        word.Length is 1 or 2 && Rune.DecodeFromUtf16(word, out var rune, out var consumed) == System.Buffers.OperationStatus.Done
            && consumed == word.Length && IsIdeograph(rune.Value);

    private static string FoldSlow(ReadOnlySpan<char> word)
    {
        var decomposed = word.ToString().Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        Span<char> folded = stackalloc char[2];
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            builder.Append(folded[..AppendFolded(char.ToLowerInvariant(c), folded)]);
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Writes <paramref name="lower"/> folded: letters that carry their mark in the glyph itself survive
    /// decomposition and are mapped here. Returns the characters written, or -1 when they do not fit.
    /// </summary>
    private static int AppendFolded(char lower, Span<char> destination)
    {
        ReadOnlySpan<char> two = lower switch
        {
            'æ' => "ae",
            'œ' => "oe",
            'ß' => "ss",
            'þ' => "th",
            _ => default,
        };
        if (!two.IsEmpty)
        {
            if (destination.Length < 2)
            {
                return -1;
            }

            two.CopyTo(destination);
            return 2;
        }

        if (destination.IsEmpty)
        {
            return -1;
        }

        destination[0] = lower switch
        {
            'ø' => 'o',
            'ł' => 'l',
            'đ' => 'd',
            'ħ' => 'h',
            'ı' => 'i',
            'ð' => 'd',
            'ς' => 'σ', // Greek final sigma is the same letter as σ.
            _ => lower,
        };
        return 1;
    }

    private static int SkipPossessive(ReadOnlySpan<char> text, int i)
    {
        // "Putin's", "Putin’s": the 's says nothing a reader searches for. "O'Brien" keeps both parts.
        if (i + 1 < text.Length && text[i] is '\'' or '\u2019' && text[i + 1] is 's' or 'S')
        {
            var after = i + 2;
            if (after >= text.Length || !IsWordChar(text, after))
            {
                return after;
            }
        }

        return i;
    }

    private static bool IsWordChar(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        return c < 0x80 ? AsciiWord[c] : Classify(text, i, out _) is CharKind.Word or CharKind.Mark or CharKind.Ideograph;
    }

    private static bool IsLowerAscii(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }

    private enum CharKind
    {
        Separator,
        Word,
        Mark,
        Ideograph,
    }

    private static CharKind Classify(ReadOnlySpan<char> text, int i, out int width)
    {
        if (Rune.DecodeFromUtf16(text[i..], out var rune, out width) != System.Buffers.OperationStatus.Done)
        {
            width = 1;
            return CharKind.Separator;
        }

        if (rune.IsAscii)
        {
            return AsciiWord[rune.Value] ? CharKind.Word : CharKind.Separator;
        }

        if (IsIdeograph(rune.Value))
        {
            return CharKind.Ideograph;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharKind.Word,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => CharKind.Mark,
            _ => CharKind.Separator,
        };
    }

    private static bool[] BuildAsciiWord()
    {
        var table = new bool[128];
        for (var c = 0; c < 128; c++)
        {
            table[c] = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
        }

        return table;
    }

    private static bool IsIdeograph(int value) =>
        value is (>= 0x3040 and <= 0x30FF) // Hiragana, Katakana
            or (>= 0x3400 and <= 0x4DBF) // CJK Extension A
            or (>= 0x4E00 and <= 0x9FFF) // CJK Unified Ideographs
            or (>= 0xF900 and <= 0xFAFF) // CJK Compatibility Ideographs
            or (>= 0x20000 and <= 0x2FA1F); // CJK Extensions B-F, Compatibility Supplement
}
