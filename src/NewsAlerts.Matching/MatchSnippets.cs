using NewsAlerts.Matching.Text;

namespace NewsAlerts.Matching;

/// <summary>
/// Chooses a match's keyword-in-context snippets: the stretch of the body with the most distinct terms,
/// and a second one when other terms are found elsewhere; the title when only the title has hits.
/// </summary>
public static class MatchSnippets
{
    /// <summary>Most snippets per match.</summary>
    public const int MaxSnippets = 2;

    /// <summary>Characters of context either side of the hits.</summary>
    public const int Context = 70;

    /// <summary>Widest stretch of hits one snippet gathers.</summary>
    public const int Window = 120;

    /// <summary>The snippets of <paramref name="hits"/> in an article of <paramref name="title"/> and <paramref name="body"/>.</summary>
    public static IReadOnlyList<MatchSnippet> Build(string title, string body, IReadOnlyList<MatchHit> hits)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(hits);
        var ordered = hits.OrderBy(h => h.Field).ThenBy(h => h.Start).ThenByDescending(h => h.Length).ToArray();
        return BuildOrdered(title, body, ordered);
    }

    /// <summary>As <see cref="Build"/>, for hits already in order: title first, then by start, a longer hit first.</summary>
    internal static IReadOnlyList<MatchSnippet> BuildOrdered(string title, string body, MatchHit[] hits)
    {
        var firstBody = 0;
        while (firstBody < hits.Length && hits[firstBody].Field != MatchField.Body)
        {
            firstBody++;
        }

        if (firstBody == hits.Length)
        {
            return hits.Length == 0 ? [] : [Cut(title, hits, 0, hits.Length, 0, hits.Length)];
        }

        var bodyHits = hits.AsSpan(firstBody);
        var (start, end) = BestWindow(bodyHits);
        var first = Cut(body, hits, firstBody + start, firstBody + end, firstBody, hits.Length);
        if (end - start == bodyHits.Length)
        {
            return [first];
        }

        // A second snippet only for terms the first does not show, found outside it.
        var from = bodyHits[start].Start - Context;
        var to = bodyHits[end - 1].Start + bodyHits[end - 1].Length + Context;
        var rest = new List<MatchHit>(bodyHits.Length - (end - start));
        foreach (var hit in bodyHits)
        {
            if ((hit.Start + hit.Length < from || hit.Start > to) && !Shows(bodyHits[start..end], hit.Term))
            {
                rest.Add(hit);
            }
        }

        if (rest.Count == 0)
        {
            return [first];
        }

        var restHits = rest.ToArray();
        var (restStart, restEnd) = BestWindow(restHits);
        return [first, Cut(body, restHits, restStart, restEnd, hits, firstBody, hits.Length)];
    }

    /// <summary>The window <c>[start, end)</c> of hits no wider than <see cref="Window"/> with the most distinct terms.</summary>
    private static (int Start, int End) BestWindow(ReadOnlySpan<MatchHit> hits)
    {
        var best = (Start: 0, End: 1, Distinct: 0);
        for (var i = 0; i < hits.Length; i++)
        {
            var distinct = 0;
            var j = i;
            while (j < hits.Length && (j == i || hits[j].Start + hits[j].Length - hits[i].Start <= Window))
            {
                if (!Shows(hits[i..j], hits[j].Term))
                {
                    distinct++;
                }

                j++;
            }

            if (distinct > best.Distinct)
            {
                best = (i, j, distinct);
            }

            if (j == hits.Length)
            {
                // Later windows are subsets of this one.
                break;
            }
        }

        return (best.Start, best.End);
    }

    /// <summary>True when one of <paramref name="hits"/> is of <paramref name="term"/>.</summary>
    private static bool Shows(ReadOnlySpan<MatchHit> hits, string term)
    {
        foreach (var hit in hits)
        {
            if (string.Equals(hit.Term, term, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static MatchSnippet Cut(string text, MatchHit[] hits, int start, int end, int marksFrom, int marksTo) =>
        Cut(text, hits, start, end, hits, marksFrom, marksTo);

    private static MatchSnippet Cut(string text, MatchHit[] window, int start, int end, MatchHit[] marks, int marksFrom, int marksTo)
    {
        var from = window[start].Start;
        var to = from;
        for (var k = start; k < end; k++)
        {
            to = Math.Max(to, window[k].Start + window[k].Length);
        }

        var count = marksTo - marksFrom;
        Span<(int Start, int End)> ranges = count <= 32 ? stackalloc (int, int)[count] : new (int, int)[count];
        Span<(int Start, int Length)> moved = count <= 32 ? stackalloc (int, int)[count] : new (int, int)[count];
        for (var k = marksFrom; k < marksTo; k++)
        {
            ranges[k - marksFrom] = (marks[k].Start, marks[k].Start + marks[k].Length);
        }

        var excerpt = Snippets.Marked(text, from, to, ranges, Context, moved, out var movedCount);
        var snippetMarks = new SnippetMark[movedCount];
        for (var k = 0; k < movedCount; k++)
        {
            snippetMarks[k] = new SnippetMark(moved[k].Start, moved[k].Length);
        }

        return new MatchSnippet(excerpt, snippetMarks);
    }
}
