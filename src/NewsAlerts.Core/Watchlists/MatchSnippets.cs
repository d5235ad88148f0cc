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
        var bodyHits = hits.Where(h => h.Field == MatchField.Body).OrderBy(h => h.Start).ThenByDescending(h => h.Length).ToList();
        if (bodyHits.Count == 0)
        {
            var titleHits = hits.Where(h => h.Field == MatchField.Title).OrderBy(h => h.Start).ThenByDescending(h => h.Length).ToList();
            return titleHits.Count == 0 ? [] : [Cut(title, titleHits, titleHits)];
        }

        var snippets = new List<MatchSnippet>(MaxSnippets);
        var shown = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var candidates = bodyHits;
        (int From, int To)? covered = null;
        while (snippets.Count < MaxSnippets && candidates.Count > 0)
        {
            var window = BestWindow(candidates);
            snippets.Add(Cut(body, window, bodyHits));
            covered = (window[0].Start - Context, window[^1].Start + window[^1].Length + Context);
            shown.UnionWith(window.Select(h => h.Term));
            var (from, to) = covered.Value;
            candidates = candidates.Where(h => !shown.Contains(h.Term) && (h.Start + h.Length < from || h.Start > to)).ToList();
        }

        return snippets;
    }

    private static List<MatchHit> BestWindow(List<MatchHit> hits)
    {
        var best = (Start: 0, End: 0, Distinct: 0);
        for (var i = 0; i < hits.Count; i++)
        {
            var terms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var j = i;
            while (j < hits.Count && hits[j].Start + hits[j].Length - hits[i].Start <= Window)
            {
                terms.Add(hits[j].Term);
                j++;
            }

            if (j == i)
            {
                j = i + 1;
                terms.Add(hits[i].Term);
            }

            if (terms.Count > best.Distinct)
            {
                best = (i, j, terms.Count);
            }
        }

        return hits.GetRange(best.Start, best.End - best.Start);
    }

    private static MatchSnippet Cut(string text, List<MatchHit> window, List<MatchHit> marks)
    {
        var start = window[0].Start;
        var end = window.Max(h => h.Start + h.Length);
        var (excerpt, moved) = Snippets.Marked(text, start, end, marks.Select(h => (h.Start, h.Start + h.Length)).ToList(), Context);
        return new MatchSnippet(excerpt, moved.Select(m => new SnippetMark(m.Start, m.Length)).ToList());
    }
}
