namespace NewsAlerts.Matching;

/// <summary>
/// Every word and phrase of every compiled query, in one array: at a leaf's offset, whether it is title-only,
/// the index of its term in its query, how many forms it has, then each form as its length and its atoms.
/// Evaluating or reporting a leaf reads one stretch of this array instead of a chain of objects scattered over
/// the heap, which is what costs once 100,000 terms outgrow the CPU caches. Written while queries compile,
/// then sealed and read-only.
/// </summary>
/// <remarks>
/// A phrase is found from its anchor, the one word of each form the presearch keys it by: the scan records
/// the anchor's positions, and the phrase's other words are checked against the text's words next to them.
/// A word that anchors no form anywhere is not recorded at all (not even in the vocabulary): in a form it is
/// written as the complement of its index in <see cref="_checkedWords"/>. First names and words such as
/// "Bank" in "Karenko Bank" are most of a large vocabulary's phrase words and common in articles; looking
/// each of them up in every article, to record positions only a phrase check reads, cost more than the
/// few checks do.
/// </remarks>
internal sealed class LeafForms
{
    private List<int>? _building = [];
    private int[] _code = [];
    private string[] _checkedWords = [];

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

    /// <summary>
    /// Ends compilation: the leaves can be read from now on. <paramref name="checkedWords"/> gives, for an
    /// atom the scan does not record, the folded word its positions are checked against; null for the others.
    /// </summary>
    public void Seal(string?[] checkedWords)
    {
        var building = _building ?? throw new InvalidOperationException("the leaves are sealed");
        var words = new List<string>();
        var checkedIndex = new Dictionary<int, int>();
        for (var offset = 0; offset < building.Count;)
        {
            var at = offset + 3;
            for (var f = building[offset + 2]; f > 0; f--)
            {
                var length = building[at];
                for (var k = at + 1; k <= at + length; k++)
                {
                    if (checkedWords[building[k]] is { } word)
                    {
                        if (!checkedIndex.TryGetValue(building[k], out var index))
                        {
                            index = checkedIndex[building[k]] = words.Count;
                            words.Add(word);
                        }

                        building[k] = ~index;
                    }
                }

                at += length + 1;
            }

            offset = at;
        }

        _code = [.. building];
        _checkedWords = [.. words];
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
            var anchor = AnchorOf(form);
            foreach (var p in scan.Positions(form[anchor]))
            {
                var start = p - anchor;
                if (titleOnly && start >= scan.TitleEnd)
                {
                    break;
                }

                if (IsAt(scan, form, anchor, start))
                {
                    if (spans is null)
                    {
                        return true;
                    }

                    spans.Add((start, start + form.Length - 1));
                    found = true;
                }
            }
        }

        return found;
    }

    /// <summary>The index of the form's first recorded word (every form has one: its anchor).</summary>
    private static int AnchorOf(ReadOnlySpan<int> form)
    {
        var k = 0;
        while (form[k] < 0)
        {
            k++;
        }

        return k;
    }

    /// <summary>True when the form's words other than the one at <paramref name="anchor"/> are at <paramref name="start"/> onwards.</summary>
    private bool IsAt(MatchScan scan, ReadOnlySpan<int> form, int anchor, int start)
    {
        for (var k = 0; k < form.Length; k++)
        {
            if (k == anchor)
            {
                continue;
            }

            var found = form[k] >= 0
                ? scan.Positions(form[k]).BinarySearch(start + k) >= 0
                : scan.IsWordAt(start + k, _checkedWords[~form[k]]);
            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
