namespace NewsAlerts.Matching;

// Evaluating: the presearch wakes the queries and terms keyed by the atoms the scan found, and each query is
// decided once, over the atoms' positions.
public sealed partial class WatchlistMatcher
{
    /// <summary>
    /// The presearch and evaluation: each atom found wakes the queries (or single terms of queries) keyed by
    /// it; a query is decided once, matched or not, and matched queries are listed in watchlist order.
    /// </summary>
    private void Evaluate(MatchScan scan)
    {
        // The presearch entries of the words found are on their way (see FindCandidates); the phrases and
        // other leaves they point to are asked for here, before any is evaluated.
        for (var s = 0; s < scan.SlotCount; s++)
        {
            var atom = scan.SlotAtom(s);
            for (var k = _ownerStart[atom]; k < _ownerStart[atom + 1]; k++)
            {
                if (_owners[k].Leaf >= 0 && (_owners[k].Leaf & SureBit) == 0)
                {
                    _leaves.Prefetch(_owners[k].Leaf);
                }
            }
        }

        for (var s = 0; s < scan.SlotCount; s++)
        {
            var atom = scan.SlotAtom(s);
            for (var k = _ownerStart[atom]; k < _ownerStart[atom + 1]; k++)
            {
                var (q, entry) = _owners[k];
                if (entry < 0)
                {
                    if (!scan.IsDecided(q))
                    {
                        var matched = _queries[q].Root.Matches(scan);
                        scan.Decide(q, matched);
                        if (matched)
                        {
                            scan.Wake(q, MatchScan.WholeQuery);
                        }
                    }

                    continue;
                }

                // A query keyed term by term: remember every term woken, so its report looks at those alone.
                var leaf = entry & ~SureBit;
                if (scan.IsMatched(q) || (!scan.IsDecided(q) && ((entry & SureBit) != 0 || _leaves.Matches(leaf, scan))))
                {
                    scan.Decide(q, matched: true);
                    scan.Wake(q, leaf);
                }
            }
        }

        scan.SortWoken();
    }
}
