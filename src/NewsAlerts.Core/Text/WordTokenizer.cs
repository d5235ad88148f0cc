using System.Globalization;
using System.Text;

namespace NewsAlerts.Text;

/// <summary>
/// Splits text into words folded for matching: case, diacritics and compatibility forms
/// (full-width letters, ligatures) are folded; punctuation, hyphens, apostrophes, typographic quotes
/// and every kind of space separate words. Han ideographs and kana, written without spaces, are one
/// word per character so that a watchlist term matches inside a run of them.
/// </summary>
public static class WordTokenizer
{
    /// <summary>Tokenizes <paramref name="text"/>.</summary>
    public static List<WordToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<WordToken>(text.Length / 6 + 1);
        var i = 0;
        while (i < text.Length)
        {
            var rune = Rune.GetRuneAt(text, i);
            var kind = Classify(rune);
            if (kind == CharKind.Separator)
            {
                i += rune.Utf16SequenceLength;
                continue;
            }

            if (kind == CharKind.Ideograph)
            {
                tokens.Add(new WordToken(Fold(text.AsSpan(i, rune.Utf16SequenceLength)), i, rune.Utf16SequenceLength));
                i += rune.Utf16SequenceLength;
                continue;
            }

            var start = i;
            i += rune.Utf16SequenceLength;
            while (i < text.Length)
            {
                var next = Rune.GetRuneAt(text, i);
                var nextKind = Classify(next);
                if (nextKind is not (CharKind.Word or CharKind.Mark))
                {
                    break;
                }

                i += next.Utf16SequenceLength;
            }

            var folded = Fold(text.AsSpan(start, i - start));
            if (folded.Length > 0)
            {
                tokens.Add(new WordToken(folded, start, i - start));
            }
        }

        return tokens;
    }

    /// <summary>Folds one word for matching (see <see cref="WordTokenizer"/>).</summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        if (IsLowerAscii(word))
        {
            return word.ToString();
        }

        var ascii = true;
        foreach (var c in word)
        {
            if (c > 0x7F)
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            return string.Create(word.Length, word.ToString(), static (span, source) =>
            {
                for (var k = 0; k < source.Length; k++)
                {
                    span[k] = char.ToLowerInvariant(source[k]);
                }
            });
        }

        var decomposed = word.ToString().Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            switch (lower)
            {
                // Letters that carry their mark in the glyph itself and so survive decomposition.
                case 'ø': builder.Append('o'); break;
                case 'ł': builder.Append('l'); break;
                case 'đ': builder.Append('d'); break;
                case 'ħ': builder.Append('h'); break;
                case 'ı': builder.Append('i'); break;
                case 'æ': builder.Append("ae"); break;
                case 'œ': builder.Append("oe"); break;
                case 'ß': builder.Append("ss"); break;
                case 'þ': builder.Append("th"); break;
                case 'ð': builder.Append('d'); break;
                default: builder.Append(lower); break;
            }
        }

        return builder.ToString();
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

    private static CharKind Classify(Rune rune)
    {
        if (rune.IsAscii)
        {
            var c = (char)rune.Value;
            return c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') ? CharKind.Word : CharKind.Separator;
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

    private static bool IsIdeograph(int value) =>
        value is (>= 0x3040 and <= 0x30FF) // Hiragana, Katakana
            or (>= 0x3400 and <= 0x4DBF) // CJK Extension A
            or (>= 0x4E00 and <= 0x9FFF) // CJK Unified Ideographs
            or (>= 0xF900 and <= 0xFAFF) // CJK Compatibility Ideographs
            or (>= 0x20000 and <= 0x2FA1F); // CJK Extensions B-F, Compatibility Supplement
}
