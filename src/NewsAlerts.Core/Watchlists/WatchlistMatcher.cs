using System.Collections.Concurrent;
using NewsAlerts.Text;

namespace NewsAlerts.Watchlists;

/// <summary>A watchlist the matcher left out, and why.</summary>
/// <param name="Watchlist">The watchlist.</param>
/// <param name="Reason">Why it cannot be compiled (an invalid stored query).</param>
public sealed record SkippedWatchlist(Watchlist Watchlist, string Reason);

/// <summary>
/// Every watchlist compiled into one matcher, so an article is tokenized once and scanned once whatever
/// the number of watchlists. Each article word is folded (see <see cref="WordTokenizer"/>) and looked up
/// in the vocabulary of every word, stem and prefix the watchlists use; the hash lookups give the atoms
/// the article contains and their positions. Only the watchlists that own an atom found (the presearch,
/// as in Lucene Monitor) evaluate their query, over those positions. Immutable and thread-safe.
/// </summary>
public sealed class WatchlistMatcher
{
    private const int MaxStemCache = 200_000;

    private readonly Watchlist[] _watchlists;
    private readonly CompiledQuery[] _queries;
    private readonly Dictionary<string, int> _words;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordLookup;
    private readonly Dictionary<string, int> _stems;
    private readonly PrefixTrie? _prefixes;
    private readonly bool _hasHangul;
    private readonly int _atomCount;
    private readonly int[] _ownerStart;
    private readonly int[] _owners;
    private readonly ConcurrentDictionary<string, int> _stemCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _stemCacheLookup;
    private readonly ConcurrentBag<MatchScan> _scans = [];
    private int _stemCacheCount;

    private WatchlistMatcher(Compiler compiler, Watchlist[] watchlists, CompiledQuery[] queries, IReadOnlyList<SkippedWatchlist> skipped)
    {
        _watchlists = watchlists;
        _queries = queries;
        _words = compiler.Words;
        _wordLookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        _stems = compiler.Stems;
        _prefixes = compiler.Prefixes.Count > 0 ? new PrefixTrie(compiler.Prefixes) : null;
        _hasHangul = _words.Keys.Any(w => WordTokenizer.IsHangulOnly(w));
        _atomCount = compiler.AtomCount;
        _stemCacheLookup = _stemCache.GetAlternateLookup<ReadOnlySpan<char>>();
        Skipped = skipped;

        // Presearch index, atom → owning queries, as one flat array (compressed sparse rows).
        _ownerStart = new int[_atomCount + 1];
        foreach (var query in queries)
        {
            foreach (var atom in query.Required)
            {
                _ownerStart[atom + 1]++;
            }
        }

        for (var a = 0; a < _atomCount; a++)
        {
            _ownerStart[a + 1] += _ownerStart[a];
        }

        _owners = new int[_ownerStart[_atomCount]];
        var cursor = _ownerStart[.._atomCount];
        for (var q = 0; q < queries.Length; q++)
        {
            foreach (var atom in queries[q].Required)
            {
                _owners[cursor[atom]++] = q;
            }
        }
    }

    /// <summary>A matcher with no watchlists.</summary>
    public static WatchlistMatcher Empty { get; } = Compile([]);

    /// <summary>How many watchlists were compiled.</summary>
    public int WatchlistCount => _queries.Length;

    /// <summary>Watchlists left out because their stored query is not valid.</summary>
    public IReadOnlyList<SkippedWatchlist> Skipped { get; }

    /// <summary>How many distinct words, stems and prefixes the watchlists use.</summary>
    public int AtomCount => _atomCount;

    /// <summary>Compiles <paramref name="watchlists"/>; one whose query does not parse is left out (see <see cref="Skipped"/>).</summary>
    public static WatchlistMatcher Compile(IEnumerable<Watchlist> watchlists)
    {
        ArgumentNullException.ThrowIfNull(watchlists);
        var compiler = new Compiler();
        var compiled = new List<Watchlist>();
        var queries = new List<CompiledQuery>();
        var skipped = new List<SkippedWatchlist>();
        foreach (var watchlist in watchlists)
        {
            QueryNode root;
            try
            {
                root = watchlist.Query is { } text ? WatchlistQuery.Parse(text) : WatchlistQuery.FromTerms(watchlist.Terms);
            }
            catch (QuerySyntaxException ex)
            {
                skipped.Add(new SkippedWatchlist(watchlist, ex.Message));
                continue;
            }

            if (compiler.Compile(root, watchlist.Stem) is { } query)
            {
                compiled.Add(watchlist);
                queries.Add(query);
            }
        }

        return new WatchlistMatcher(compiler, [.. compiled], [.. queries], skipped);
    }

    /// <summary>Finds every watchlist that <paramref name="title"/> or <paramref name="body"/> matches, in watchlist order.</summary>
    public IReadOnlyList<WatchlistMatch> Match(string title, string body)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(body);
        if (_queries.Length == 0)
        {
            return [];
        }

        var scan = Rent();
        try
        {
            ScanArticle(scan, title, body);
            List<WatchlistMatch>? matches = null;
            foreach (var q in scan.Candidates)
            {
                var query = _queries[q];
                if (query.Root.Matches(scan))
                {
                    (matches ??= []).Add(Report(_watchlists[q], query, scan, title, body));
                }
            }

            return matches ?? (IReadOnlyList<WatchlistMatch>)[];
        }
        finally
        {
            _scans.Add(scan);
        }
    }

    /// <summary>How many watchlists match, without reporting terms, hits or snippets: scan and evaluation alone, for benchmarks.</summary>
    internal int CountMatches(string title, string body)
    {
        if (_queries.Length == 0)
        {
            return 0;
        }

        var scan = Rent();
        try
        {
            ScanArticle(scan, title, body);
            var count = 0;
            foreach (var q in scan.Candidates)
            {
                count += _queries[q].Root.Matches(scan) ? 1 : 0;
            }

            return count;
        }
        finally
        {
            _scans.Add(scan);
        }
    }

    private MatchScan Rent() => _scans.TryTake(out var scan) ? scan : new MatchScan(_atomCount, _queries.Length);

    private void ScanArticle(MatchScan scan, string title, string body)
    {
        scan.Begin();
        Scan(title, scan);
        scan.BeginBody();
        Scan(body, scan);
        scan.Finish();
        scan.CollectCandidates(_ownerStart, _owners);
    }

    private void Scan(string text, MatchScan scan)
    {
        Span<char> buffer = stackalloc char[WordTokenizer.FoldBufferLength];
        Span<int> stems = stackalloc int[KoreanParticles.MaxStems];
        var index = 0;
        while (WordTokenizer.NextWord(text, ref index, out var start, out var length))
        {
            var written = WordTokenizer.FoldInto(text.AsSpan(start, length), buffer);
            var folded = written >= 0 ? buffer[..written] : WordTokenizer.Fold(text.AsSpan(start, length)).AsSpan();
            if (folded.IsEmpty)
            {
                continue;
            }

            var position = scan.AddWord(start, length);
            if (_wordLookup.TryGetValue(folded, out var atom))
            {
                scan.Add(atom, position);
            }

            if (_stems.Count > 0 && EnglishStems.Applies(folded) && StemAtom(folded) is >= 0 and var stemAtom)
            {
                scan.Add(stemAtom, position);
            }

            _prefixes?.Find(folded, scan, position);

            if (_hasHangul && folded[0] >= '\uAC00')
            {
                var count = KoreanParticles.StemLengths(folded, stems);
                for (var k = 0; k < count; k++)
                {
                    if (_wordLookup.TryGetValue(folded[..stems[k]], out var stemmed))
                    {
                        scan.Add(stemmed, position);
                    }
                }
            }
        }
    }

    private int StemAtom(ReadOnlySpan<char> folded)
    {
        // Articles repeat their words; the stem of each word seen is kept so the stemmer runs once per word.
        if (_stemCacheLookup.TryGetValue(folded, out var atom))
        {
            return atom;
        }

        var word = folded.ToString();
        atom = _stems.TryGetValue(EnglishStems.Stem(word), out var found) ? found : -1;
        if (Volatile.Read(ref _stemCacheCount) < MaxStemCache && _stemCache.TryAdd(word, atom))
        {
            Interlocked.Increment(ref _stemCacheCount);
        }

        return atom;
    }

    private static WatchlistMatch Report(Watchlist watchlist, CompiledQuery query, MatchScan scan, string title, string body)
    {
        var hits = scan.ReportHits;
        var spans = scan.ReportSpans;
        hits.Clear();
        foreach (var leaf in query.Leaves)
        {
            spans.Clear();
            leaf.Spans(scan, spans);
            foreach (var (start, end) in spans)
            {
                hits.Add((leaf.Term, start, end));
            }
        }

        // Text order, and a longer hit before a shorter one at the same place ("new york" before "new").
        if (hits.Count > 1)
        {
            hits.Sort(HitOrder);
        }

        var termCount = query.Terms.Length;
        Span<int> counts = termCount <= 64 ? stackalloc int[termCount] : new int[termCount];
        Span<bool> inTitle = termCount <= 64 ? stackalloc bool[termCount] : new bool[termCount];
        counts.Clear();
        inTitle.Clear();
        var terms = new List<string>();
        var located = new MatchHit[Math.Min(hits.Count, MatchScore.MaxHits)];
        for (var h = 0; h < hits.Count; h++)
        {
            var (term, start, end) = hits[h];
            var first = scan.Locate(start);
            if (counts[term]++ == 0)
            {
                terms.Add(query.Terms[term]);
            }

            inTitle[term] |= first.Field == MatchField.Title;
            if (h < located.Length)
            {
                var last = end == start ? first : scan.Locate(end);
                located[h] = new MatchHit(query.Terms[term], first.Field, first.Start, last.Start + last.Length - first.Start, first.Word);
            }
        }

        var score = 0.0;
        for (var t = 0; t < termCount; t++)
        {
            if (counts[t] > 0)
            {
                score += MatchScore.OfTerm(inTitle[t], counts[t]);
            }
        }

        return new WatchlistMatch(watchlist.Email, watchlist.Name, terms, Math.Round(score, 2), located, MatchSnippets.BuildOrdered(title, body, located));
    }

    private static int HitOrder((int Term, int Start, int End) a, (int Term, int Start, int End) b) =>
        a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End != b.End ? b.End.CompareTo(a.End) : a.Term.CompareTo(b.Term);

    /// <summary>A watchlist's query compiled: its clauses, the terms it reports, and the atoms the presearch keys it by.</summary>
    private sealed record CompiledQuery(MatchClause Root, MatchLeaf[] Leaves, string[] Terms, int[] Required);

    /// <summary>Interns words, stems and prefixes into atoms and compiles queries over them.</summary>
    private sealed class Compiler
    {
        public Dictionary<string, int> Words { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Stems { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Prefixes { get; } = new(StringComparer.Ordinal);

        public int AtomCount { get; private set; }

        // How long the word behind each atom is: the presearch keys a phrase by its longest (likely rarest) word.
        private readonly List<int> _atomWeight = [];

        public CompiledQuery? Compile(QueryNode root, bool stem)
        {
            var terms = new List<string>();
            var clause = Compile(root, stem, titleOnly: false, terms, out var required);
            if (clause is null || required is null || required.Count == 0)
            {
                return null;
            }

            var leaves = new List<MatchLeaf>();
            clause.PositiveLeaves(leaves);
            return new CompiledQuery(clause, [.. leaves], [.. terms], [.. required.Distinct()]);
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
                    required = forms.Select(form => form.MaxBy(a => _atomWeight[a])).Distinct().ToList();
                    return new MatchLeaf(forms, titleOnly, index);
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

        // Fewer atoms, and longer words, wake fewer queries for nothing.
        private double Cost(List<int> atoms) => atoms.Sum(a => 1.0 / _atomWeight[a]);

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
                _atomWeight.Add(Math.Max(1, weight));
            }

            return atom;
        }
    }

    /// <summary>Every prefix term in a trie: one walk over an article word finds each prefix it starts with.</summary>
    private sealed class PrefixTrie
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
}
