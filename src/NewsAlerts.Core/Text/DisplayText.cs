using System.Globalization;
using System.Text;

namespace NewsAlerts.Text;

/// <summary>
/// The one rule for article text a reader will see (titles, sources, bodies, summaries): characters that change how
/// text displays without being seen are removed, and line breaks stay only where text may have lines.
/// </summary>
/// <remarks>
/// Removed: bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F,
/// U+061C), which can show "txt.exe" as "exe.txt"; zero-width and invisible characters (U+200B, U+2060–U+2064, U+FEFF,
/// U+180E, U+00AD, U+034F, U+115F, U+1160, U+3164, U+FFA0), which split words so a reader and a watchlist see different
/// ones; tag characters (U+E0000–U+E007F), which carry hidden ASCII; control characters. The zero-width joiner and
/// non-joiner (U+200C, U+200D) do real work between letters of Persian, Indic scripts and emoji, and are kept there;
/// next to ASCII they only hide a word break, and are removed.
/// </remarks>
public static class DisplayText
{
    /// <summary>
    /// <paramref name="text"/> as one line: invisible characters removed, every line break, tab and control character a
    /// space, runs of spaces one space, trimmed. Other spaces (a no-break space) are kept as written.
    /// </summary>
    public static string Line(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsClean(text, multiline: false))
        {
            return text.Trim();
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ' || IsLineBreak(c) || char.IsControl(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else if (!IsInvisible(text, i))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>
    /// <paramref name="text"/> with its lines kept: invisible characters removed, every line break (CR, CR LF, U+2028,
    /// U+2029, U+0085) one <c>\n</c>, other control characters but the tab removed.
    /// </summary>
    public static string Block(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsClean(text, multiline: true))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }

            if (IsLineBreak(c))
            {
                builder.Append('\n');
            }
            else if (c == '\t' || (!char.IsControl(c) && !IsInvisible(text, i)))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsClean(string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var clean = c < ' ' ? multiline && c is '\n' or '\t'
                : c == ' ' ? multiline || i == 0 || text[i - 1] != ' '
                : c < '\u007F' || !(char.IsControl(c) || IsLineBreak(c) || IsInvisible(text, i));
            if (!clean)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029' or '\v' or '\f';

    private static bool IsInvisible(string text, int i)
    {
        var c = text[i];
        switch (c)
        {
            case '\u200C' or '\u200D':
                // Kept between two non-ASCII characters (Persian, Devanagari, emoji sequences), where it shapes text.
                return i == 0 || i == text.Length - 1 || text[i - 1] < '\u0080' || text[i + 1] < '\u0080';
            case '\u00AD' or '\u034F' or '\u061C' or '\u115F' or '\u1160' or '\u17B4' or '\u17B5' or '\u180E' or '\u200B' or '\u200E' or '\u200F'
                or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u206F') or '\u3164' or '\uFEFF' or '\uFFA0' or (>= '\uFFF9' and <= '\uFFFB'):
                return true;
            case '\uDB40':
                // U+E0000–U+E007F, the tag characters, are the surrogate pairs DB40 DC00–DC7F.
                return i + 1 < text.Length && text[i + 1] is >= '\uDC00' and <= '\uDC7F';
            case >= '\uDC00' and <= '\uDC7F':
                return i > 0 && text[i - 1] == '\uDB40';
            default:
                return CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c is >= '\u2000' and <= '\u2BFF';
        }
    }
}
