using System.Collections.Frozen;

namespace NewsAlerts.Text;

/// <summary>Where a sentence lies in the text it was split from.</summary>
/// <param name="Start">Index of the sentence's first character (never whitespace).</param>
/// <param name="Length">Number of characters up to and including its last non-whitespace character.</param>
public readonly record struct SentenceSpan(int Start, int Length)
{
    /// <summary>Index just past the sentence's last character.</summary>
    public int End => Start + Length;

    /// <summary>The sentence's characters in <paramref name="source"/>, the text it was split from.</summary>
    public ReadOnlySpan<char> In(string source) => source.AsSpan(Start, Length);
}

/// <summary>
/// Splits news text into sentences. A sentence ends at a line break, or after <c>.</c>, <c>!</c>, <c>?</c> or
/// <c>…</c> (with any closing quotes or brackets) when whitespace and a capital, a digit or an opening quote follow.
/// </summary>
/// <remarks>
/// A period does not end a sentence after a title (<c>Mr.</c>, <c>Sen.</c>, <c>Lt.</c>), a single-letter initial
/// (<c>V. Stiviano</c>, <c>J.K. Rowling</c>), a month before a day (<c>Jan. 5</c>), <c>No.</c> before a number,
/// or a dotted abbreviation (<c>U.S.</c>, <c>p.m.</c>) unless a common sentence opener follows
/// (<c>in the U.S. The</c>). Decimals and web addresses have no whitespace after their periods and never split.
/// Stateless and thread-safe.
/// </remarks>
public static class SentenceSplitter
{
    // Titles and other abbreviations that are followed by a name or a noun rather than ending a sentence.
    private static readonly FrozenSet<string> Titles = FrozenSet.Create(
        StringComparer.Ordinal,
        "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sr", "Jr", "St", "Rev", "Fr", "Hon", "Gen", "Gov", "Sen", "Rep", "Pres",
        "Col", "Lt", "Sgt", "Capt", "Cpl", "Pvt", "Pfc", "Spc", "Maj", "Adm", "Cmdr", "Cdr", "Brig", "Insp", "Det",
        "Supt", "Ch", "Atty", "Mt", "Ft", "Messrs", "Mme", "Mlle", "vs", "v", "approx", "cf", "Rt", "Revd", "Hons");

    private static readonly FrozenSet<string> Months = FrozenSet.Create(
        StringComparer.Ordinal, "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec");

    // Words that usually start a sentence; after a dotted abbreviation they mean the sentence did end there.
    private static readonly FrozenSet<string> SentenceOpeners = FrozenSet.Create(
        StringComparer.Ordinal,
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "Or", "So", "This", "That",
        "These", "Those", "His", "Her", "Its", "Their", "Our", "My", "There", "Here", "In", "On", "At", "As",
        "After", "Before", "When", "While", "If", "However", "Meanwhile", "Yet", "Now", "Then", "Last", "Earlier",
        "Later", "According", "Officials", "Police", "Authorities");

    /// <summary>Splits <paramref name="text"/> into sentences, in order, as spans into <paramref name="text"/>.</summary>
    public static IReadOnlyList<SentenceSpan> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<SentenceSpan>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsLineBreak(c))
            {
                Add(sentences, text, start, i);
                start = ++i;
                continue;
            }

            if (!IsTerminator(c))
            {
                i++;
                continue;
            }

            // The terminator run and any closing quotes or brackets belong to this sentence.
            var end = i + 1;
            while (end < text.Length && IsTerminator(text[end]))
            {
                end++;
            }

            while (end < text.Length && IsClosing(text[end]))
            {
                end++;
            }

            if (EndsSentence(text, i, end))
            {
                Add(sentences, text, start, end);
                start = end;
            }

            i = end;
        }

        Add(sentences, text, start, text.Length);
        return sentences;
    }

    private static bool EndsSentence(string text, int terminator, int end)
    {
        if (end == text.Length)
        {
            return true;
        }

        if (!char.IsWhiteSpace(text[end]) || IsLineBreak(text[end]))
        {
            // No space after it ("3.5", "U.S.-led", "Yahoo!'s"), or a line break that ends the sentence anyway.
            return IsLineBreak(text[end]);
        }

        var next = end;
        while (next < text.Length && char.IsWhiteSpace(text[next]) && !IsLineBreak(text[next]))
        {
            next++;
        }

        if (next == text.Length || IsLineBreak(text[next]))
        {
            return true;
        }

        var opener = next;
        while (opener < text.Length && IsOpening(text[opener]))
        {
            opener++;
        }

        if (opener == text.Length || !(char.IsUpper(text[opener]) || char.IsDigit(text[opener])))
        {
            return false;
        }

        // Only a single period can be an abbreviation; "!", "?" and "..." always end the sentence here.
        if (text[terminator] != '.' || (end - terminator > 1 && text[terminator + 1] is '.' or '…'))
        {
            return true;
        }

        var word = WordBefore(text, terminator);
        if (word.IsEmpty)
        {
            return true;
        }

        var nextWord = WordAt(text, opener);
        var lookup = Titles.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.Contains(word))
        {
            return false;
        }

        if (Months.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word) || word.SequenceEqual("No"))
        {
            return !char.IsDigit(text[opener]);
        }

        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return false; // an initial: "George W. Bush"
        }

        if (IsDottedAbbreviation(word))
        {
            return SentenceOpeners.GetAlternateLookup<ReadOnlySpan<char>>().Contains(nextWord);
        }

        return true;
    }

    /// <summary>The word that ends just before <paramref name="period"/>: letters, digits, and inner periods.</summary>
    private static ReadOnlySpan<char> WordBefore(string text, int period)
    {
        var start = period;
        while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }

        return text.AsSpan(start, period - start);
    }

    private static ReadOnlySpan<char> WordAt(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsLetter(text[end]))
        {
            end++;
        }

        return text.AsSpan(start, end - start);
    }

    // "U.S", "a.m", "D.C", "e.g": single letters joined by periods (the final period is the terminator).
    private static bool IsDottedAbbreviation(ReadOnlySpan<char> word)
    {
        if (word.Length < 3)
        {
            return false;
        }

        for (var k = 0; k < word.Length; k++)
        {
            var expectLetter = k % 2 == 0;
            if (expectLetter ? !char.IsLetter(word[k]) : word[k] != '.')
            {
                return false;
            }
        }

        return word.Length % 2 == 1;
    }

    private static void Add(List<SentenceSpan> sentences, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            sentences.Add(new SentenceSpan(start, end - start));
        }
    }

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u2028' or '\u2029';

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…';

    private static bool IsClosing(char c) => c is '"' or '\'' or '’' or '”' or ')' or ']' or '»';

    private static bool IsOpening(char c) => c is '"' or '\'' or '‘' or '“' or '(' or '[' or '«';
}
