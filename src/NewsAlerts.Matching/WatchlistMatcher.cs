using System.Collections.Concurrent;
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
/// <remarks>
/// One class in five files, one for each step: this one holds the entry points and the tables the steps
/// share; <c>WatchlistMatcher.Compile.cs</c> turns watchlists into compiled queries, the vocabulary and the
/// presearch index; <c>WatchlistMatcher.Scan.cs</c> turns an article's text into the atoms it contains and their
/// positions (a <see cref="MatchScan"/>); <c>WatchlistMatcher.Evaluate.cs</c> wakes the queries and terms keyed
/// by those atoms and decides them; <c>WatchlistMatcher.Report.cs</c> turns the matched ones into
/// <see cref="WatchlistMatch"/>es. One class rather than one per step because the steps read the same tables,
/// and the scan's loop was tuned reading them as fields of this one object (see the README's Performance section).
/// </remarks>
public sealed partial class WatchlistMatcher
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

    /// <summary>A matcher with no watchlists.</summary>
    public static WatchlistMatcher Empty { get; } = Compile([]);

    /// <summary>How many watchlists were compiled.</summary>
    public int WatchlistCount => _queries.Length;

    /// <summary>Watchlists left out because their stored query is not valid.</summary>
    public IReadOnlyList<SkippedWatchlist> Skipped { get; }

    /// <summary>How many distinct words, stems and prefixes the watchlists use.</summary>
    public int AtomCount => _atomCount;

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
}
