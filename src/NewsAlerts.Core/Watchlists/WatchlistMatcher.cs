using NewsAlerts.Text;

namespace NewsAlerts.Watchlists;

/// <summary>One watchlist an article matched.</summary>
/// <param name="Email">The watchlist owner's email address.</param>
/// <param name="Watchlist">The watchlist's name.</param>
/// <param name="Terms">The watchlist's terms found in the article, in the order they first appear.</param>
/// <param name="Snippet">The article text around the first hit.</param>
public sealed record WatchlistMatch(string Email, string Watchlist, IReadOnlyList<string> Terms, string Snippet);

/// <summary>
/// Every watchlist compiled into one index from first word to the phrases that start with it, so an
/// article is tokenized once and scanned once whatever the number of watchlists. Matching is on whole
/// words, folded for case and diacritics (see <see cref="WordTokenizer"/>): <c>Putin</c> does not match
/// <c>Rasputin</c>, and <c>Kim Jong Un</c> matches <c>Kim Jong-un</c>. Immutable and thread-safe.
/// </summary>
public sealed class WatchlistMatcher
{
    private readonly Watchlist[] _watchlists;
    private readonly Dictionary<string, Phrase[]> _phrasesByFirstWord;

    private WatchlistMatcher(Watchlist[] watchlists, Dictionary<string, Phrase[]> phrasesByFirstWord)
    {
        _watchlists = watchlists;
        _phrasesByFirstWord = phrasesByFirstWord;
    }

    /// <summary>A matcher with no watchlists.</summary>
    public static WatchlistMatcher Empty { get; } = Compile([]);

    /// <summary>How many watchlists were compiled.</summary>
    public int WatchlistCount => _watchlists.Length;

    /// <summary>Compiles <paramref name="watchlists"/>.</summary>
    public static WatchlistMatcher Compile(IEnumerable<Watchlist> watchlists)
    {
        ArgumentNullException.ThrowIfNull(watchlists);
        var all = watchlists.ToArray();
        var index = new Dictionary<string, List<Phrase>>(StringComparer.Ordinal);
        for (var w = 0; w < all.Length; w++)
        {
            for (var t = 0; t < all[w].Terms.Count; t++)
            {
                var words = WordTokenizer.Tokenize(all[w].Terms[t]).Select(token => token.Text).ToArray();
                if (words.Length == 0)
                {
                    continue;
                }

                if (!index.TryGetValue(words[0], out var phrases))
                {
                    index[words[0]] = phrases = [];
                }

                phrases.Add(new Phrase(words, w, t));
            }
        }

        return new WatchlistMatcher(all, index.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>Finds every watchlist that <paramref name="title"/> or <paramref name="body"/> matches.</summary>
    public IReadOnlyList<WatchlistMatch> Match(string title, string body)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(body);
        if (_phrasesByFirstWord.Count == 0)
        {
            return [];
        }

        var hits = new Dictionary<int, Hits>();
        Scan(title, WordTokenizer.Tokenize(title), inTitle: true, hits);
        Scan(body, WordTokenizer.Tokenize(body), inTitle: false, hits);

        return hits.OrderBy(h => h.Key).Select(h =>
        {
            var watchlist = _watchlists[h.Key];
            var (text, start, end) = h.Value.BodyHit ?? h.Value.TitleHit!.Value;
            return new WatchlistMatch(
                watchlist.Email,
                watchlist.Name,
                h.Value.Terms.Select(t => watchlist.Terms[t]).ToList(),
                Snippets.Around(text, start, end));
        }).ToList();
    }

    private void Scan(string text, List<WordToken> tokens, bool inTitle, Dictionary<int, Hits> hits)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!_phrasesByFirstWord.TryGetValue(tokens[i].Text, out var phrases))
            {
                continue;
            }

            foreach (var phrase in phrases)
            {
                if (!StartsAt(tokens, i, phrase.Words))
                {
                    continue;
                }

                if (!hits.TryGetValue(phrase.Watchlist, out var hit))
                {
                    hits[phrase.Watchlist] = hit = new Hits();
                }

                if (!hit.Terms.Contains(phrase.Term))
                {
                    hit.Terms.Add(phrase.Term);
                }

                var location = (text, tokens[i].Start, tokens[i + phrase.Words.Length - 1].End);
                if (inTitle)
                {
                    hit.TitleHit ??= location;
                }
                else
                {
                    hit.BodyHit ??= location;
                }
            }
        }
    }

    private static bool StartsAt(List<WordToken> tokens, int start, string[] words)
    {
        if (start + words.Length > tokens.Count)
        {
            return false;
        }

        for (var k = 1; k < words.Length; k++)
        {
            if (!string.Equals(tokens[start + k].Text, words[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Phrase(string[] Words, int Watchlist, int Term);

    private sealed class Hits
    {
        public List<int> Terms { get; } = [];

        public (string Text, int Start, int End)? TitleHit { get; set; }

        public (string Text, int Start, int End)? BodyHit { get; set; }
    }
}
