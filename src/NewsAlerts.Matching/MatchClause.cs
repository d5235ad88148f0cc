namespace NewsAlerts.Matching;

/// <summary>
/// A query clause compiled against the matcher's atoms (interned words, stems and prefixes), evaluated
/// over the positions one scan of an article found. Immutable; the scan carries all per-article state.
/// </summary>
internal abstract class MatchClause
{
    /// <summary>True when the clause matches the scanned article.</summary>
    public abstract bool Matches(MatchScan scan);

    /// <summary>Adds the word spans <c>[Start, End]</c> (inclusive) where this positional clause matches.</summary>
    public virtual void Spans(MatchScan scan, List<(int Start, int End)> spans) =>
        throw new InvalidOperationException("only words, phrases, OR and NEAR have positions");

    /// <summary>Adds the leaves whose hits a match reports: those not under an exclusion.</summary>
    public abstract void PositiveLeaves(List<MatchLeaf> leaves);

    /// <summary>Sorts <paramref name="spans"/> from <paramref name="from"/> on and drops repeats.</summary>
    public static void SortDistinct(List<(int Start, int End)> spans, int from)
    {
        if (spans.Count - from < 2)
        {
            return;
        }

        spans.Sort(from, spans.Count - from, null);
        var write = from + 1;
        for (var read = from + 1; read < spans.Count; read++)
        {
            if (spans[read] != spans[write - 1])
            {
                spans[write++] = spans[read];
            }
        }

        spans.RemoveRange(write, spans.Count - write);
    }
}

/// <summary>A word or phrase: one or more forms, each a sequence of atoms at consecutive positions, kept in <see cref="LeafForms"/>.</summary>
internal sealed class MatchLeaf(LeafForms leaves, int offset, int[] keys) : MatchClause
{
    /// <summary>Where the leaf is in its <see cref="LeafForms"/>.</summary>
    public int Offset { get; } = offset;

    /// <summary>Atoms one of which every match of this leaf contains: what the presearch keys it by.</summary>
    public int[] Keys { get; } = keys;

    public override bool Matches(MatchScan scan) => leaves.Matches(Offset, scan);

    public override void Spans(MatchScan scan, List<(int Start, int End)> spans) => leaves.Spans(Offset, scan, spans);

    public override void PositiveLeaves(List<MatchLeaf> leaves) => leaves.Add(this);
}

internal sealed class MatchAnd(MatchClause[] clauses) : MatchClause
{
    public override bool Matches(MatchScan scan)
    {
        foreach (var clause in clauses)
        {
            if (!clause.Matches(scan))
            {
                return false;
            }
        }

        return true;
    }

    public override void PositiveLeaves(List<MatchLeaf> leaves)
    {
        foreach (var clause in clauses)
        {
            clause.PositiveLeaves(leaves);
        }
    }
}

internal sealed class MatchOr(MatchClause[] clauses) : MatchClause
{
    public IReadOnlyList<MatchClause> Clauses => clauses;

    public override bool Matches(MatchScan scan)
    {
        foreach (var clause in clauses)
        {
            if (clause.Matches(scan))
            {
                return true;
            }
        }

        return false;
    }

    public override void Spans(MatchScan scan, List<(int Start, int End)> spans)
    {
        var from = spans.Count;
        foreach (var clause in clauses)
        {
            clause.Spans(scan, spans);
        }

        SortDistinct(spans, from);
    }

    public override void PositiveLeaves(List<MatchLeaf> leaves)
    {
        foreach (var clause in clauses)
        {
            clause.PositiveLeaves(leaves);
        }
    }
}

internal sealed class MatchNot(MatchClause clause) : MatchClause
{
    public override bool Matches(MatchScan scan) => !clause.Matches(scan);

    public override void PositiveLeaves(List<MatchLeaf> leaves)
    {
    }
}

/// <summary>Two spans that do not overlap with at most <c>distance</c> words between them, in either order.</summary>
internal sealed class MatchNear(MatchClause left, MatchClause right, int distance) : MatchClause
{
    public override bool Matches(MatchScan scan)
    {
        var spans = new List<(int Start, int End)>();
        Pairs(scan, spans, firstOnly: true);
        return spans.Count > 0;
    }

    public override void Spans(MatchScan scan, List<(int Start, int End)> spans)
    {
        var from = spans.Count;
        Pairs(scan, spans, firstOnly: false);
        SortDistinct(spans, from);
    }

    public override void PositiveLeaves(List<MatchLeaf> leaves)
    {
        left.PositiveLeaves(leaves);
        right.PositiveLeaves(leaves);
    }

    private void Pairs(MatchScan scan, List<(int Start, int End)> output, bool firstOnly)
    {
        var lefts = new List<(int Start, int End)>();
        left.Spans(scan, lefts);
        if (lefts.Count == 0)
        {
            return;
        }

        var rights = new List<(int Start, int End)>();
        right.Spans(scan, rights);
        foreach (var l in lefts)
        {
            foreach (var r in rights)
            {
                var gap = r.Start > l.End ? r.Start - l.End - 1 : l.Start > r.End ? l.Start - r.End - 1 : -1;
                if (gap < 0 || gap > distance)
                {
                    continue;
                }

                output.Add((Math.Min(l.Start, r.Start), Math.Max(l.End, r.End)));
                if (firstOnly)
                {
                    return;
                }
            }
        }
    }
}
