using NewsAlerts.Matching.Queries;
using NewsAlerts.Matching.Text;

namespace NewsAlerts.Matching;

// Compiling: watchlists parsed into clauses over atoms (interned words, stems and prefixes), the vocabulary the
// scan looks words up in, and the presearch index from each atom to the queries and terms it wakes.
public sealed partial class WatchlistMatcher
{
    /// <summary>Compiles <paramref name="watchlists"/>; one whose query does not parse is left out (see <see cref="Skipped"/>).</summary>
    public static WatchlistMatcher Compile(IEnumerable<WatchlistDefinition> watchlists)
    {
        ArgumentNullException.ThrowIfNull(watchlists);
        var compiler = new Compiler();
        var parsed = new List<(WatchlistDefinition Watchlist, QueryNode Root)>();
        var skipped = new List<SkippedWatchlist>();
        foreach (var watchlist in watchlists)
        {
            try
            {
                var root = watchlist.Query is { } text ? WatchlistQuery.Parse(text) : WatchlistQuery.FromTerms(watchlist.Terms);
                compiler.Intern(root, watchlist.Stem);
                parsed.Add((watchlist, root));
            }
            catch (QuerySyntaxException ex)
            {
                skipped.Add(new SkippedWatchlist(watchlist, ex.Message));
            }
        }

        // Every atom is known and counted before any query chooses the atoms the presearch keys it by.
        var queries = new List<CompiledQuery>();
        foreach (var (watchlist, root) in parsed)
        {
            if (compiler.Compile(watchlist, root) is { } query)
            {
                queries.Add(query);
            }
        }

        return new WatchlistMatcher(compiler, [.. queries], skipped);
    }

    private WatchlistMatcher(Compiler compiler, CompiledQuery[] queries, IReadOnlyList<SkippedWatchlist> skipped)
    {
        _queries = queries;
        _leaves = compiler.Leaves;
        var checkedWords = compiler.CheckedWords();
        _leaves.Seal(checkedWords);
        _words = new WordTable([.. compiler.Words.Where(word => checkedWords[word.Value] is null)]);
        _stems = compiler.Stems;
        _prefixes = compiler.Prefixes.Count > 0 ? new PrefixTrie(compiler.Prefixes) : null;
        _hasHangul = compiler.Words.Keys.Any(w => WordTokenizer.IsHangulOnly(w));
        _hasOtherForms = _stems.Count > 0 || _prefixes is not null || _hasHangul;
        _atomCount = compiler.AtomCount;
        _stemCacheLookup = _stemCache.GetAlternateLookup<ReadOnlySpan<char>>();
        Skipped = skipped;

        // Presearch index, atom → the queries it may wake, as flat arrays (compressed sparse rows). A query
        // that is one term or an OR of terms is keyed leaf by leaf (by the leaf's offset in LeafForms), so a
        // found atom checks only its own term.
        _ownerStart = new int[_atomCount + 1];
        foreach (var query in queries)
        {
            foreach (var (atom, _) in query.Keys)
            {
                _ownerStart[atom + 1]++;
            }
        }

        for (var a = 0; a < _atomCount; a++)
        {
            _ownerStart[a + 1] += _ownerStart[a];
        }

        _owners = new (int, int)[_ownerStart[_atomCount]];
        var cursor = _ownerStart[.._atomCount];
        for (var q = 0; q < queries.Length; q++)
        {
            foreach (var (atom, leaf) in queries[q].Keys)
            {
                var offset = leaf >= 0 ? queries[q].Leaves[leaf].Offset : -1;
                _owners[cursor[atom]++] = (q, offset >= 0 && _leaves.IsOneWord(offset) ? offset | SureBit : offset);
            }
        }
    }

    /// <summary>
    /// A watchlist compiled: whose it is, its query's clauses, the terms it reports, and the atoms the presearch
    /// keys it by. A struct in one array: a match's report reads one entry, where a watchlist object and a
    /// query object would be two cache misses more over the heap of a matcher of 100,000 terms.
    /// </summary>
    /// <param name="Email">The watchlist owner's email address.</param>
    /// <param name="Watchlist">The watchlist's name.</param>
    /// <param name="Root">The query's clauses.</param>
    /// <param name="Leaves">Its terms not under an exclusion, whose hits a match reports.</param>
    /// <param name="Terms">Its terms as written, by index.</param>
    /// <param name="Keys">The presearch keys: atom, and the leaf it wakes (-1: evaluate the whole query).</param>
    private readonly record struct CompiledQuery(string Email, string Watchlist, MatchClause Root, MatchLeaf[] Leaves, string[] Terms, (int Atom, int Leaf)[] Keys);

    /// <summary>Interns words, stems and prefixes into atoms and compiles queries over them.</summary>
    private sealed class Compiler
    {
        public Dictionary<string, int> Words { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Stems { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Prefixes { get; } = new(StringComparer.Ordinal);

        public LeafForms Leaves { get; } = new();

        public int AtomCount { get; private set; }

        // How long the word behind each atom is, and how many watchlist terms use it: the presearch keys a
        // phrase by its least used word (a first name shared by many people's names wakes more queries for
        // nothing than their surnames do), then its longest, as Lucene Monitor keys by the rarest term.
        private readonly List<int> _atomLength = [];
        private readonly List<int> _atomUses = [];

        // The atoms some form is found from (see LeafForms): the scan records these.
        private readonly HashSet<int> _anchors = [];

        /// <summary>
        /// The words, by atom (null for the others), that anchor no form once every query is compiled: the
        /// scan need not record them, a phrase checks them against the text (see <see cref="LeafForms"/>). A
        /// word a Korean noun's particle may be attached to is recorded all the same: the scan finds it inside
        /// a longer word.
        /// </summary>
        public string?[] CheckedWords()
        {
            var checkedWords = new string?[AtomCount];
            foreach (var (word, atom) in Words)
            {
                if (!_anchors.Contains(atom) && !WordTokenizer.IsHangulOnly(word))
                {
                    checkedWords[atom] = word;
                }
            }

            return checkedWords;
        }

        /// <summary>Interns the atoms of <paramref name="root"/> and counts their uses, before any query is compiled.</summary>
        public void Intern(QueryNode root, bool stem)
        {
            switch (root)
            {
                case QueryTerm term:
                    foreach (var form in term.Forms)
                    {
                        foreach (var word in form)
                        {
                            _atomUses[Atom(word, stem)]++;
                        }
                    }

                    break;
                case QueryAnd all:
                    all.Clauses.ToList().ForEach(c => Intern(c, stem));
                    break;
                case QueryOr any:
                    any.Clauses.ToList().ForEach(c => Intern(c, stem));
                    break;
                case QueryNot not:
                    Intern(not.Clause, stem);
                    break;
                case QueryTitle title:
                    Intern(title.Clause, stem);
                    break;
                case QueryNear near:
                    Intern(near.Left, stem);
                    Intern(near.Right, stem);
                    break;
            }
        }

        public CompiledQuery? Compile(WatchlistDefinition watchlist, QueryNode root)
        {
            var terms = new List<string>();
            var clause = Compile(root, watchlist.Stem, titleOnly: false, terms, out var required);
            if (clause is null || required is null || required.Count == 0)
            {
                return null;
            }

            var leaves = new List<MatchLeaf>();
            clause.PositiveLeaves(leaves);
            var byLeaf = clause is MatchLeaf || (clause is MatchOr or && or.Clauses.All(c => c is MatchLeaf));
            (int Atom, int Leaf)[] keys = byLeaf
                ? [.. leaves.SelectMany((leaf, index) => leaf.Keys.Select(atom => (atom, index)))]
                : [.. required.Distinct().Select(atom => (atom, -1))];
            return new CompiledQuery(watchlist.Email, watchlist.Name, clause, [.. leaves], [.. terms], keys);
        }

        /// <summary>Compiles <paramref name="node"/>; <paramref name="required"/> is a set of atoms one of which every match contains (null: none, an exclusion).</summary>
        private MatchClause? Compile(QueryNode node, bool stem, bool titleOnly, List<string> terms, out List<int>? required)
        {
            switch (node)
            {
                case QueryTerm term:
                {
                    var index = terms.FindIndex(t => string.Equals(t, term.Text, StringComparison.OrdinalIgnoreCase));
                    if (index < 0)
                    {
                        index = terms.Count;
                        terms.Add(term.Text);
                    }

                    var forms = term.Forms.Select(form => form.Select(word => Atom(word, stem)).ToArray()).ToArray();
                    required = forms.Select(form => form.MinBy(a => (_atomUses[a], -_atomLength[a]))).Distinct().ToList();
                    _anchors.UnionWith(required);
                    return new MatchLeaf(Leaves, Leaves.Add(forms, titleOnly, index), [.. required]);
                }

                case QueryTitle title:
                    return Compile(title.Clause, stem, titleOnly: true, terms, out required);

                case QueryNot not:
                {
                    var inner = Compile(not.Clause, stem, titleOnly, terms, out _);
                    required = null;
                    return inner is null ? null : new MatchNot(inner);
                }

                case QueryOr or:
                {
                    var clauses = new List<MatchClause>();
                    required = [];
                    foreach (var child in or.Clauses)
                    {
                        if (Compile(child, stem, titleOnly, terms, out var childRequired) is { } compiled)
                        {
                            clauses.Add(compiled);
                            if (childRequired is null)
                            {
                                required = null;
                            }
                            else
                            {
                                required?.AddRange(childRequired);
                            }
                        }
                    }

                    return clauses.Count == 0 ? null : clauses.Count == 1 ? clauses[0] : new MatchOr([.. clauses]);
                }

                case QueryAnd all:
                {
                    var clauses = new List<MatchClause>();
                    required = null;
                    foreach (var child in all.Clauses)
                    {
                        var compiled = Compile(child, stem, titleOnly, terms, out var childRequired);
                        clauses.Add(compiled!);
                        if (childRequired is not null && (required is null || Cost(childRequired) < Cost(required)))
                        {
                            required = childRequired;
                        }
                    }

                    return new MatchAnd([.. clauses]);
                }

                case QueryNear near:
                {
                    var left = Compile(near.Left, stem, titleOnly, terms, out var leftRequired);
                    var right = Compile(near.Right, stem, titleOnly, terms, out var rightRequired);
                    required = Cost(leftRequired!) <= Cost(rightRequired!) ? leftRequired : rightRequired;
                    return new MatchNear(left!, right!, near.Distance);
                }

                default:
                    throw new ArgumentException($"unknown query clause {node.GetType().Name}", nameof(node));
            }
        }

        // Atoms fewer terms use, and longer words, wake fewer queries for nothing.
        private double Cost(List<int> atoms) => atoms.Sum(a => _atomUses[a] + 1.0 / _atomLength[a]);

        private int Atom(QueryWord word, bool stem)
        {
            if (word.IsPrefix)
            {
                return Intern(Prefixes, word.Text, word.Text.Length);
            }

            return stem && EnglishStems.Applies(word.Text)
                ? Intern(Stems, EnglishStems.Stem(word.Text), word.Text.Length)
                : Intern(Words, word.Text, word.Text.Length);
        }

        private int Intern(Dictionary<string, int> atoms, string text, int weight)
        {
            if (!atoms.TryGetValue(text, out var atom))
            {
                atom = atoms[text] = AtomCount++;
                _atomLength.Add(Math.Max(1, weight));
                _atomUses.Add(0);
            }

            return atom;
        }
    }
}
