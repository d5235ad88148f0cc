using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using NewsAlerts.Matching.Queries;
using NewsAlerts.Matching.Text;

namespace NewsAlerts.Matching;

/// <summary>
/// Every watchlist compiled into one matcher, so an article is tokenized once and scanned once whatever
/// the number of watchlists. Each article word is folded (see <see cref="WordTokenizer"/>) and looked up
/// in the vocabulary of the words, stems and prefixes the watchlists use (a phrase word shared by many
/// phrases is left out and checked in place, see <see cref="LeafForms"/>); the hash lookups give the atoms
/// the article contains and their positions. Only the watchlists that own an atom found (the presearch,
/// as in Lucene Monitor) evaluate their query, over those positions. Immutable and thread-safe.
/// </summary>
public sealed class WatchlistMatcher
{
    private const int MaxStemCache = 200_000;

    // An owner entry of a single-word term: the atom being found is the match, nothing to evaluate.
    private const int SureBit = 1 << 30;

    private readonly CompiledQuery[] _queries;
    private readonly LeafForms _leaves;
    private readonly WordTable _words;
    private readonly Dictionary<string, int> _stems;
    private readonly PrefixTrie? _prefixes;
    private readonly bool _hasHangul;
    private readonly bool _hasOtherForms;
    private readonly int _atomCount;
    private readonly int[] _ownerStart;
    private readonly (int Query, int Leaf)[] _owners;
    private readonly ConcurrentDictionary<string, int> _stemCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _stemCacheLookup;
    private readonly ConcurrentBag<MatchScan> _scans = [];
    private int _stemCacheCount;

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

    /// <summary>A matcher with no watchlists.</summary>
    public static WatchlistMatcher Empty { get; } = Compile([]);

    /// <summary>How many watchlists were compiled.</summary>
    public int WatchlistCount => _queries.Length;

    /// <summary>Watchlists left out because their stored query is not valid.</summary>
    public IReadOnlyList<SkippedWatchlist> Skipped { get; }

    /// <summary>How many distinct words, stems and prefixes the watchlists use.</summary>
    public int AtomCount => _atomCount;

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
            if (scan.MatchedCount == 0)
            {
                return [];
            }

            PrefetchReports(scan);
            var matches = new List<WatchlistMatch>(scan.MatchedCount);
            for (var from = 0; from < scan.WokenCount;)
            {
                var q = scan.WokenQuery(from);
                var to = from + 1;
                while (to < scan.WokenCount && scan.WokenQuery(to) == q)
                {
                    to++;
                }

                matches.Add(Report(in _queries[q], scan, title, body, from, to));
                from = to;
            }

            return matches;
        }
        finally
        {
            Return(scan);
        }
    }

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
            return scan.MatchedCount;
        }
        finally
        {
            Return(scan);
        }
    }

    private MatchScan Rent() => _scans.TryTake(out var scan) ? scan : new MatchScan(_queries.Length);

    private void Return(MatchScan scan)
    {
        scan.End();
        _scans.Add(scan);
    }

    private void ScanArticle(MatchScan scan, string title, string body)
    {
        scan.Begin(title, body);
        Scan(title, scan);
        scan.BeginBody();
        Scan(body, scan);
        scan.Finish();
        Evaluate(scan);
    }

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

    [SkipLocalsInit]
    private void Scan(string text, MatchScan scan)
    {
        // Per word the loop calls the tokenizer's two steps; the hash, the filter test and the word's record
        // are inlined. Each word's filter bits are read one word late: asked for when the word is hashed,
        // read after the next word is folded, so the wait on the filter's memory (256 KB at 100,000 terms)
        // overlaps the tokenizer's work. The word waiting keeps its folded characters in the other half of
        // the buffer.
        const int Half = WordTokenizer.FoldBufferLength;
        Span<char> buffers = stackalloc char[2 * Half];
        scan.ClearCandidates();
        var index = 0;
        var half = 0;
        var waitingLength = 0;
        var waitingHash = 0u;
        var waitingPosition = 0;
        while (WordTokenizer.NextWord(text, ref index, out var start, out var length))
        {
            var written = WordTokenizer.FoldInto(text.AsSpan(start, length), buffers.Slice(half, Half));
            if (written <= 0)
            {
                if (written < 0)
                {
                    AddLongWord(text, start, length, scan);
                }

                continue;
            }

            var folded = buffers.Slice(half, written);
            var position = scan.AddWord(start, length);
            var hash = WordTable.Hash(folded);
            _words.PrefetchFilter(hash);
            if (waitingLength > 0)
            {
                AddIfMayBeInVocabulary(buffers.Slice(half ^ Half, waitingLength), waitingHash, waitingPosition, scan);
            }

            waitingLength = written;
            waitingHash = hash;
            waitingPosition = position;
            half ^= Half;

            // Stems, prefixes and Korean nouns are asked for by few watchlists: out of this loop, so that it
            // keeps fewer values across its calls (every one the JIT spills costs each word).
            if (_hasOtherForms)
            {
                AddOtherForms(folded, position, scan);
            }
        }

        if (waitingLength > 0)
        {
            AddIfMayBeInVocabulary(buffers.Slice(half ^ Half, waitingLength), waitingHash, waitingPosition, scan);
        }

        FindCandidates(scan);
    }

    /// <summary>Keeps the folded word as a candidate for looking up when the vocabulary's filter lets it pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddIfMayBeInVocabulary(ReadOnlySpan<char> folded, uint hash, int position, MatchScan scan)
    {
        if (_words.MayContain(hash))
        {
            scan.AddCandidate(folded, hash, position);
        }
    }

    /// <summary>A word too long to fold into the scan's buffer (rare): looked up at once, not one word late.</summary>
    private void AddLongWord(string text, int start, int length, MatchScan scan)
    {
        var folded = WordTokenizer.Fold(text.AsSpan(start, length)).AsSpan();
        if (folded.IsEmpty)
        {
            return;
        }

        var position = scan.AddWord(start, length);
        AddIfMayBeInVocabulary(folded, WordTable.Hash(folded), position, scan);
        if (_hasOtherForms)
        {
            AddOtherForms(folded, position, scan);
        }
    }

    /// <summary>The word's forms other than itself that watchlists ask for: its stem, prefixes of it, a Korean noun without its particle.</summary>
    private void AddOtherForms(ReadOnlySpan<char> folded, int position, MatchScan scan)
    {
        if (_stems.Count > 0 && EnglishStems.Applies(folded) && StemAtom(folded) is >= 0 and var stemAtom)
        {
            scan.Add(stemAtom, position);
        }

        _prefixes?.Find(folded, scan, position);

        if (_hasHangul && folded[0] >= '\uAC00')
        {
            Span<int> stems = stackalloc int[KoreanParticles.MaxStems];
            var count = KoreanParticles.StemLengths(folded, stems);
            for (var k = 0; k < count; k++)
            {
                AddIfMayBeInVocabulary(folded[..stems[k]], WordTable.Hash(folded[..stems[k]]), position, scan);
            }
        }
    }

    /// <summary>
    /// Looks up the text's words that passed the vocabulary's filter, all together: each step asks for the
    /// memory the next one reads for every word before reading any of it (see <see cref="CachePrefetch"/>):
    /// the slot (asked for by the scan), then the word's characters and where its presearch entries start,
    /// then the entries, which <see cref="Evaluate"/> reads.
    /// </summary>
    private void FindCandidates(MatchScan scan)
    {
        for (var c = 0; c < scan.CandidateCount; c++)
        {
            ref var candidate = ref scan.Candidate(c);
            candidate.Slot = _words.Probe(candidate.Hash, candidate.Length);
            if (candidate.Slot >= 0)
            {
                var atom = _words.AtomAt(candidate.Slot);
                CachePrefetch.Read(ref _ownerStart[atom]);
            }
        }

        for (var c = 0; c < scan.CandidateCount; c++)
        {
            ref var candidate = ref scan.Candidate(c);
            if (_words.Find(scan.CandidateWord(candidate), candidate.Hash, candidate.Slot) is >= 0 and var atom)
            {
                scan.Add(atom, candidate.Position);
                if (_ownerStart[atom] < _owners.Length)
                {
                    CachePrefetch.Read(ref _owners[_ownerStart[atom]]);
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
