using System.Text;

namespace NewsAlerts.Matching;

/// <summary>One watchlist an article matched, and why.</summary>
/// <param name="Email">The watchlist owner's email address.</param>
/// <param name="Watchlist">The watchlist's name.</param>
/// <param name="Terms">The watchlist's terms found in the article (as written in the watchlist), in the order they first appear.</param>
/// <param name="Score">How strongly it matched: more distinct terms score higher, title hits weigh more (see <see cref="MatchScore"/>).</param>
/// <param name="Hits">Where the terms were found (at most <see cref="MatchScore.MaxHits"/>), in text order, title first.</param>
/// <param name="Snippets">One or two excerpts around the hits, with the hits marked.</param>
public sealed record WatchlistMatch(
    string Email,
    string Watchlist,
    IReadOnlyList<string> Terms,
    double Score,
    IReadOnlyList<MatchHit> Hits,
    IReadOnlyList<MatchSnippet> Snippets)
{
    /// <summary>The first snippet's text, without marks; empty when there is none.</summary>
    public string Snippet => Snippets.Count > 0 ? Snippets[0].Text : string.Empty;
}

/// <summary>Where a match was found.</summary>
public enum MatchField
{
    /// <summary>The article's title.</summary>
    Title,

    /// <summary>The article's body.</summary>
    Body,
}

/// <summary>One occurrence of a term in the article.</summary>
/// <param name="Term">The term as written in the watchlist.</param>
/// <param name="Field">Title or body.</param>
/// <param name="Start">Offset of the first character in the title or body.</param>
/// <param name="Length">Length in characters, from the first word's start to the last word's end.</param>
/// <param name="Word">Word position in the title or body (0 for its first word).</param>
public sealed record MatchHit(string Term, MatchField Field, int Start, int Length, int Word);

/// <summary>A range of a snippet's text that is a hit.</summary>
/// <param name="Start">Offset in the snippet's text.</param>
/// <param name="Length">Length in characters.</param>
public readonly record struct SnippetMark(int Start, int Length);

/// <summary>
/// An excerpt of the article with its hits as ranges, so each reader marks them its own way: the HTML
/// digest encodes the text and wraps the ranges in <c>&lt;mark&gt;</c>, plain text uses <c>*hit*</c>.
/// </summary>
/// <param name="Text">The excerpt, on one line, with <c>…</c> where it was cut.</param>
/// <param name="Marks">The hits in <paramref name="Text"/>, in order, not overlapping.</param>
public sealed record MatchSnippet(string Text, IReadOnlyList<SnippetMark> Marks)
{
    /// <summary>The text with every mark wrapped in <paramref name="open"/> and <paramref name="close"/>.</summary>
    public string ToMarkedText(string open = "*", string close = "*") => Render(t => t, open, close);

    /// <summary>
    /// The text with every piece passed through <paramref name="encode"/> (for example HTML encoding) and
    /// every mark wrapped in <paramref name="open"/> and <paramref name="close"/>, which are not encoded.
    /// </summary>
    public string Render(Func<string, string> encode, string open, string close)
    {
        ArgumentNullException.ThrowIfNull(encode);
        var builder = new StringBuilder(Text.Length + Marks.Count * (open.Length + close.Length));
        var at = 0;
        foreach (var mark in Marks)
        {
            if (mark.Start < at || mark.Start + mark.Length > Text.Length)
            {
                continue;
            }

            builder.Append(encode(Text[at..mark.Start])).Append(open).Append(encode(Text.Substring(mark.Start, mark.Length))).Append(close);
            at = mark.Start + mark.Length;
        }

        return builder.Append(encode(Text[at..])).ToString();
    }
}

/// <summary>How a match is scored.</summary>
public static class MatchScore
{
    /// <summary>Most hits a match lists.</summary>
    public const int MaxHits = 100;

    /// <summary>
    /// The score of a match: for each distinct term found, 1, plus 1 when it is in the title, plus 0.1 for
    /// each further occurrence up to 0.5. Two different terms (2.0) outscore one term repeated (at most 1.5);
    /// a term in the title (2.0 or more) outscores it in the body alone.
    /// </summary>
    public static double Of(IEnumerable<(bool InTitle, int Count)> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var score = 0.0;
        foreach (var (inTitle, count) in terms)
        {
            score += OfTerm(inTitle, count);
        }

        return Math.Round(score, 2);
    }

    /// <summary>One distinct term's part of the score: found <paramref name="count"/> times, in the title or not.</summary>
    public static double OfTerm(bool inTitle, int count) => 1 + (inTitle ? 1 : 0) + Math.Min(0.5, 0.1 * (count - 1));
}
