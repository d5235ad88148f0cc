namespace NewsAlerts.Matching;

/// <summary>Every prefix term in a trie: one walk over an article word finds each prefix it starts with.</summary>
internal sealed class PrefixTrie
{
    private readonly Dictionary<long, int> _children = [];
    private readonly List<int> _atoms = [-1];

    public PrefixTrie(Dictionary<string, int> prefixes)
    {
        foreach (var (prefix, atom) in prefixes)
        {
            var node = 0;
            foreach (var c in prefix)
            {
                var key = ((long)node << 16) | c;
                if (!_children.TryGetValue(key, out var child))
                {
                    child = _children[key] = _atoms.Count;
                    _atoms.Add(-1);
                }

                node = child;
            }

            _atoms[node] = atom;
        }
    }

    public void Find(ReadOnlySpan<char> word, MatchScan scan, int position)
    {
        var node = 0;
        foreach (var c in word)
        {
            if (!_children.TryGetValue(((long)node << 16) | c, out node))
            {
                return;
            }

            if (_atoms[node] >= 0)
            {
                scan.Add(_atoms[node], position);
            }
        }
    }
}
