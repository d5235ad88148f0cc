namespace NewsAlerts.Watchlists;

/// <summary>
/// Every word and phrase of every compiled query, in one array: at a leaf's offset, whether it is title-only,
/// the index of its term in its query, how many forms it has, then each form as its length and its atoms.
/// Evaluating or reporting a leaf reads one stretch of this array instead of a chain of objects scattered over
/// the heap, which is what costs once 100,000 terms outgrow the CPU caches. Written while queries compile,
/// then sealed and read-only.
/// </summary>
internal sealed class LeafForms
{
    private List<int>? _building = [];
    private int[] _code = [];

    /// <summary>Adds a leaf; returns its offset.</summary>
    public int Add(int[][] forms, bool titleOnly, int term)
    {
        var building = _building ?? throw new InvalidOperationException("the leaves are sealed");
        var offset = building.Count;
        building.Add(titleOnly ? 1 : 0);
        building.Add(term);
        building.Add(forms.Length);
        foreach (var form in forms)
        {
            building.Add(form.Length);
            building.AddRange(form);
        }

        return offset;
    }

    /// <summary>Ends compilation: the leaves can be read from now on.</summary>
    public void Seal()
    {
        _code = [.. _building ?? []];
        _building = null;
    }

    /// <summary>The index of the leaf's term in its query's term list.</summary>
    public int Term(int offset) => _code[offset + 1];

    /// <summary>True for one word with one form that may be anywhere: the atom being found is the match.</summary>
    public bool IsOneWord(int offset) => _code[offset] == 0 && _code[offset + 2] == 1 && _code[offset + 3] == 1;

    /// <summary>Starts loading the leaf (see <see cref="CachePrefetch"/>).</summary>
    public void Prefetch(int offset) => CachePrefetch.Read(ref _code[offset]);

    /// <summary>True when the leaf occurs in the scanned article.</summary>
    public bool Matches(int offset, MatchScan scan) => Occurrences(offset, scan, spans: null);

    /// <summary>Adds the word spans <c>[Start, End]</c> (inclusive) where the leaf occurs, in order, each once.</summary>
    public void Spans(int offset, MatchScan scan, List<(int Start, int End)> spans)
    {
        var from = spans.Count;
        Occurrences(offset, scan, spans);
        if (_code[offset + 2] > 1)
        {
            MatchClause.SortDistinct(spans, from);
        }
    }

    /// <summary>Adds the leaf's occurrences to <paramref name="spans"/>, or, without a list, stops at the first: true when there is one.</summary>
    private bool Occurrences(int offset, MatchScan scan, List<(int Start, int End)>? spans)
    {
        var titleOnly = _code[offset] != 0;
        var found = false;
        var at = offset + 3;
        for (var f = _code[offset + 2]; f > 0; f--)
        {
            var form = _code.AsSpan(at + 1, _code[at]);
            at += form.Length + 1;
            foreach (var p in scan.Positions(form[0]))
            {
                if (titleOnly && p >= scan.TitleEnd)
                {
                    break;
                }

                if (FollowsAt(scan, form, p))
                {
                    if (spans is null)
                    {
                        return true;
                    }

                    spans.Add((p, p + form.Length - 1));
                    found = true;
                }
            }
        }

        return found;
    }

    private static bool FollowsAt(MatchScan scan, ReadOnlySpan<int> form, int p)
    {
        for (var k = 1; k < form.Length; k++)
        {
            if (scan.Positions(form[k]).BinarySearch(p + k) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
