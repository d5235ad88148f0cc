using NewsAlerts.Text;

namespace NewsAlerts.Watchlists;

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
        var firstBody = Array.FindIndex(hits, h => h.Field == MatchField.Body);
        if (firstBody < 0)
        {
            return hits.Length == 0 ? [] : [Cut(title, hits, 0, hits.Length, hits, 0, hits.Length)];
        }

        var bodyHits = new ArraySegment<MatchHit>(hits, firstBody, hits.Length - firstBody);
        var (start, end) = BestWindow(bodyHits);
        var first = Cut(body, hits, firstBody + start, firstBody + end, hits, firstBody, hits.Length);
        if (end - start == bodyHits.Count)
        {
            return [first];
        }

        // A second snippet only for terms the first does not show, found outside it.
        var from = hits[firstBody + start].Start - Context;
        var to = hits[firstBody + end - 1].Start + hits[firstBody + end - 1].Length + Context;
        var shown = new List<string>(end - start);
        for (var k = start; k < end; k++)
        {
            shown.Add(bodyHits[k].Term);
        }

        var rest = bodyHits.Where(h => !shown.Contains(h.Term) && (h.Start + h.Length < from || h.Start > to)).ToArray();
        if (rest.Length == 0)
        {
            return [first];
        }

        var (restStart, restEnd) = BestWindow(rest);
        return [first, Cut(body, rest, restStart, restEnd, hits, firstBody, hits.Length)];
    }

    /// <summary>The window <c>[start, end)</c> of hits no wider than <see cref="Window"/> with the most distinct terms.</summary>
    private static (int Start, int End) BestWindow(IReadOnlyList<MatchHit> hits)
    {
        var best = (Start: 0, End: 1, Distinct: 0);
        var terms = new List<string>();
        for (var i = 0; i < hits.Count; i++)
        {
            terms.Clear();
            var j = i;
            while (j < hits.Count && (j == i || hits[j].Start + hits[j].Length - hits[i].Start <= Window))
            {
                if (!terms.Contains(hits[j].Term))
                {
                    terms.Add(hits[j].Term);
                }

                j++;
            }

            if (terms.Count > best.Distinct)
            {
                best = (i, j, terms.Count);
            }

            if (j == hits.Count)
            {
                // Later windows are subsets of this one.
                break;
            }
        }

        return (best.Start, best.End);
    }

    private static MatchSnippet Cut(string text, MatchHit[] window, int start, int end, MatchHit[] marks, int marksFrom, int marksTo)
    {
        var from = window[start].Start;
        var to = from;
        for (var k = start; k < end; k++)
        {
            to = Math.Max(to, window[k].Start + window[k].Length);
        }

        var ranges = new (int Start, int End)[marksTo - marksFrom];
        for (var k = marksFrom; k < marksTo; k++)
        {
            ranges[k - marksFrom] = (marks[k].Start, marks[k].Start + marks[k].Length);
        }

        var (excerpt, moved) = Snippets.Marked(text, from, to, ranges, Context);
        var snippetMarks = new SnippetMark[moved.Count];
        for (var k = 0; k < moved.Count; k++)
        {
            snippetMarks[k] = new SnippetMark(moved[k].Start, moved[k].Length);
        }

        return new MatchSnippet(excerpt, snippetMarks);
    }
}
