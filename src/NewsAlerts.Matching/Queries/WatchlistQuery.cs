using NewsAlerts.Matching.Text;

namespace NewsAlerts.Matching.Queries;

/// <summary>
/// Parses the watchlist query language: words and <c>"exact phrases"</c>; a space (or <c>AND</c>) means
/// AND; <c>OR</c>; <c>-word</c>, <c>-"phrase"</c>, <c>-(…)</c> or <c>NOT</c> exclude; parentheses;
/// <c>word*</c> is a prefix; <c>a NEAR/5 b</c> matches within 5 words in either order; <c>title:</c>
/// restricts the next clause to the title. NEAR binds tightest, then OR, then AND:
/// <c>visit Putin OR Xi</c> is <c>visit AND (Putin OR Xi)</c>. Operators are upper case; <c>or</c> is a word.
/// </summary>
/// <remarks>
/// One class in three files: this one holds the entry points and how a term's words and forms are read;
/// <c>WatchlistQuery.Lexer.cs</c> cuts a query into tokens, <c>WatchlistQuery.Parser.cs</c> builds the
/// clauses from them.
/// </remarks>
public static partial class WatchlistQuery
{
    /// <summary>Longest query.</summary>
    public const int MaxLength = 2000;

    /// <summary>Most words and phrases in one query.</summary>
    public const int MaxTerms = 500;

    /// <summary>Largest NEAR distance.</summary>
    public const int MaxDistance = 100;

    private const int MaxDepth = 20;

    // More joined forms than this would multiply the index for no reader's benefit.
    private const int MaxHyphenGroups = 3;

    /// <summary>Parses <paramref name="query"/>.</summary>
    /// <exception cref="QuerySyntaxException">The query is not valid; the message gives reason and position.</exception>
    public static QueryNode Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length > MaxLength)
        {
            throw new QuerySyntaxException($"the query is longer than {MaxLength:N0} characters", MaxLength + 1);
        }

        var tokens = Lex(query);
        if (tokens.Count == 0)
        {
            throw new QuerySyntaxException("the query is empty", 1);
        }

        var parser = new Parser(tokens);
        var root = parser.ParseAnd(0);
        if (parser.Peek is { } extra)
        {
            throw extra.Kind == TokenKind.Close
                ? new QuerySyntaxException("unbalanced parenthesis", extra.Position)
                : new QuerySyntaxException($"unexpected {extra.Text}", extra.Position);
        }

        if (parser.TermCount > MaxTerms)
        {
            throw new QuerySyntaxException($"more than {MaxTerms} words and phrases", 1);
        }

        CheckPositive(root);
        return root;
    }

    /// <summary>A plain list of terms: any one of them matches; each is a word or a phrase, taken literally.</summary>
    public static QueryNode FromTerms(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var clauses = new List<QueryNode>();
        foreach (var term in terms)
        {
            if (Term(term.Trim(), 1, allowPrefix: false, throwIfEmpty: false) is { } clause)
            {
                clauses.Add(clause);
            }
        }

        return new QueryOr(clauses) { Position = 1 };
    }

    private static void CheckPositive(QueryNode node)
    {
        switch (node)
        {
            case QueryNot not:
                throw new QuerySyntaxException("nothing to match: an exclusion needs a word that must appear beside it", not.Position);
            case QueryAnd all when !all.IsPositive:
                throw new QuerySyntaxException("nothing to match: the clause only excludes", all.Position);
            case QueryOr any:
                foreach (var clause in any.Clauses)
                {
                    CheckPositive(clause);
                }

                break;
            case QueryTitle title:
                CheckPositive(title.Clause);
                break;
        }
    }

    /// <summary>
    /// The term written as <paramref name="text"/>: its words split and folded as article words are, the
    /// last word of a chunk ending in <c>*</c> a prefix, and hyphen-joined parts also joined.
    /// </summary>
    private static QueryTerm? Term(string text, int position, bool allowPrefix, bool throwIfEmpty, bool phrase = false)
    {
        var words = new List<(QueryWord Word, bool HyphenBefore)>();
        var offset = phrase ? 1 : 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                Chunk(text, start, i, position + offset, allowPrefix, words);
            }
        }

        if (words.Count == 0)
        {
            return throwIfEmpty
                ? throw new QuerySyntaxException(phrase ? "the phrase has no letters or digits" : $"\"{text}\" has no letters or digits", position)
                : null;
        }

        var display = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return new QueryTerm(display, Forms(words)) { Position = position };
    }

    private static void Chunk(string text, int start, int end, int basePosition, bool allowPrefix, List<(QueryWord Word, bool HyphenBefore)> words)
    {
        var prefix = false;
        var chunkEnd = end;
        if (allowPrefix)
        {
            var star = text.IndexOf('*', start, end - start);
            if (star >= 0)
            {
                var last = end - 1;
                if (star != last)
                {
                    throw new QuerySyntaxException("* must end a word", basePosition + star);
                }

                prefix = true;
                chunkEnd = last;
            }
        }

        var chunk = text.AsSpan(start, chunkEnd - start);
        var index = 0;
        var previousEnd = -1;
        var first = words.Count;
        while (WordTokenizer.NextWord(chunk, ref index, out var wordStart, out var length))
        {
            var folded = WordTokenizer.Fold(chunk.Slice(wordStart, length));
            if (folded.Length == 0)
            {
                continue;
            }

            var hyphen = previousEnd >= 0 && wordStart - previousEnd == 1 && chunk[previousEnd] is '-' or '\u2010' or '\u2011';
            words.Add((new QueryWord(folded, false), hyphen));
            previousEnd = wordStart + length;
        }

        if (prefix)
        {
            if (words.Count == first)
            {
                throw new QuerySyntaxException("a prefix needs letters before *", basePosition + chunkEnd);
            }

            var (last, hyphen) = words[^1];
            var minimum = WordTokenizer.IsHangulOnly(last.Text) || WordTokenizer.IsIdeograph(last.Text) ? 1 : 2;
            if (last.Text.Length < minimum)
            {
                throw new QuerySyntaxException($"a prefix needs at least {minimum} letters before *", basePosition + chunkEnd);
            }

            words[^1] = (last with { IsPrefix = true }, hyphen);
        }
    }

    private static List<IReadOnlyList<QueryWord>> Forms(List<(QueryWord Word, bool HyphenBefore)> words)
    {
        // Hyphen groups: runs of words joined by single hyphens ("Jong-un", "Kim-Jong-un").
        var groups = new List<(int Start, int End)>();
        for (var k = 1; k < words.Count; k++)
        {
            if (!words[k].HyphenBefore)
            {
                continue;
            }

            if (groups.Count > 0 && groups[^1].End == k - 1)
            {
                groups[^1] = (groups[^1].Start, k);
            }
            else if (groups.Count < MaxHyphenGroups)
            {
                groups.Add((k - 1, k));
            }
        }

        // Every choice of joined groups is a form; mask 0, the term as written, comes first.
        var forms = new List<IReadOnlyList<QueryWord>>(1 << groups.Count);
        for (var mask = 0; mask < 1 << groups.Count; mask++)
        {
            var form = new List<QueryWord>(words.Count);
            var k = 0;
            while (k < words.Count)
            {
                var group = groups.FindIndex(g => g.Start == k);
                if (group >= 0 && (mask & (1 << group)) != 0)
                {
                    var (groupStart, groupEnd) = groups[group];
                    form.Add(new QueryWord(
                        string.Concat(words.Skip(groupStart).Take(groupEnd - groupStart + 1).Select(w => w.Word.Text)),
                        words[groupEnd].Word.IsPrefix));
                    k = groupEnd + 1;
                }
                else
                {
                    form.Add(words[k].Word);
                    k++;
                }
            }

            forms.Add(form);
        }

        return forms;
    }
}
