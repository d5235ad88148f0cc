namespace NewsAlerts.Matching;

// Reporting: each matched watchlist's terms, hits, score and snippets, built from the positions the scan recorded.
public sealed partial class WatchlistMatcher
{
    /// <summary>
    /// Reporting a match reads its watchlist, its compiled query and its term list, and its leaves: scattered
    /// over a matcher of 100,000 terms. Asking for all of them for every match first, level by level, makes
    /// the reports' cache misses overlap.
    /// </summary>
    private void PrefetchReports(MatchScan scan)
    {
        for (var w = 0; w < scan.WokenCount; w++)
        {
            CachePrefetch.Read(ref _queries[scan.WokenQuery(w)]);
        }

        for (var w = 0; w < scan.WokenCount; w++)
        {
            if (scan.WokenLeaf(w) != MatchScan.WholeQuery)
            {
                _leaves.Prefetch(scan.WokenLeaf(w));
            }
        }

        for (var w = 0; w < scan.WokenCount; w++)
        {
            CachePrefetch.Read(_queries[scan.WokenQuery(w)].Terms);
        }
    }

    private WatchlistMatch Report(in CompiledQuery query, MatchScan scan, string title, string body, int wokenFrom, int wokenTo)
    {
        var hits = scan.ReportHits;
        var spans = scan.ReportSpans;
        hits.Clear();
        if (scan.WokenLeaf(wokenFrom) != MatchScan.WholeQuery)
        {
            // Keyed term by term: only the terms the presearch woke can have hits.
            for (var w = wokenFrom; w < wokenTo; w++)
            {
                if (w == wokenFrom || scan.WokenLeaf(w) != scan.WokenLeaf(w - 1))
                {
                    AddHits(scan.WokenLeaf(w), scan, spans, hits);
                }
            }
        }
        else
        {
            foreach (var leaf in query.Leaves)
            {
                AddHits(leaf.Offset, scan, spans, hits);
            }
        }

        // Text order, and a longer hit before a shorter one at the same place ("new york" before "new").
        if (hits.Count > 1)
        {
            hits.Sort(HitOrder);
        }

        if (hits.Count == 1)
        {
            // The usual match: one term found once.
            var hit = Hit(query, scan, hits[0]);
            MatchHit[] one = [hit];
            var termScore = Math.Round(MatchScore.OfTerm(hit.Field == MatchField.Title, 1), 2);
            return new WatchlistMatch(query.Email, query.Watchlist, [hit.Term], termScore, one, MatchSnippets.BuildOrdered(title, body, one));
        }

        var termCount = query.Terms.Length;
        Span<int> counts = termCount <= 64 ? stackalloc int[termCount] : new int[termCount];
        Span<bool> inTitle = termCount <= 64 ? stackalloc bool[termCount] : new bool[termCount];
        Span<int> order = termCount <= 64 ? stackalloc int[termCount] : new int[termCount];
        counts.Clear();
        inTitle.Clear();
        var found = 0;
        var located = new MatchHit[Math.Min(hits.Count, MatchScore.MaxHits)];
        for (var h = 0; h < hits.Count; h++)
        {
            var term = hits[h].Term;
            if (counts[term]++ == 0)
            {
                order[found++] = term;
            }

            inTitle[term] |= scan.FieldOf(hits[h].Start) == MatchField.Title;
            if (h < located.Length)
            {
                located[h] = Hit(query, scan, hits[h]);
            }
        }

        var terms = new string[found];
        for (var t = 0; t < found; t++)
        {
            terms[t] = query.Terms[order[t]];
        }

        var score = 0.0;
        for (var t = 0; t < termCount; t++)
        {
            if (counts[t] > 0)
            {
                score += MatchScore.OfTerm(inTitle[t], counts[t]);
            }
        }

        return new WatchlistMatch(query.Email, query.Watchlist, terms, Math.Round(score, 2), located, MatchSnippets.BuildOrdered(title, body, located));
    }

    private static MatchHit Hit(in CompiledQuery query, MatchScan scan, (int Term, int Start, int End) hit)
    {
        var first = scan.Locate(hit.Start);
        var last = hit.End == hit.Start ? first : scan.Locate(hit.End);
        return new MatchHit(query.Terms[hit.Term], first.Field, first.Start, last.Start + last.Length - first.Start, first.Word);
    }

    private void AddHits(int leaf, MatchScan scan, List<(int Start, int End)> spans, List<(int Term, int Start, int End)> hits)
    {
        spans.Clear();
        _leaves.Spans(leaf, scan, spans);
        var term = _leaves.Term(leaf);
        foreach (var (start, end) in spans)
        {
            hits.Add((term, start, end));
        }
    }

    private static int HitOrder((int Term, int Start, int End) a, (int Term, int Start, int End) b) =>
        a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End != b.End ? b.End.CompareTo(a.End) : a.Term.CompareTo(b.Term);
}
