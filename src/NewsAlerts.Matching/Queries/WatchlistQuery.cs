using System.Globalization;
using NewsAlerts.Matching.Text;

namespace NewsAlerts.Matching.Queries;

/// <summary>A query that is not valid: why, and where (counting characters from 1).</summary>
public sealed class QuerySyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public QuerySyntaxException(string reason, int position)
        : base($"{reason} at {position.ToString(CultureInfo.InvariantCulture)}")
    {
        Reason = reason;
        Position = position;
    }

    /// <summary>Creates the exception with a message and no position.</summary>
    public QuerySyntaxException(string message)
        : this(message, 1)
    {
    }

    /// <summary>Creates the exception with a message and the error behind it.</summary>
    public QuerySyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        Position = 1;
    }

    /// <summary>Creates an exception with no detail.</summary>
    public QuerySyntaxException()
        : this("the query is not valid", 1)
    {
    }

    /// <summary>What is wrong.</summary>
    public string Reason { get; }

    /// <summary>Where, counting characters from 1.</summary>
    public int Position { get; }
}

/// <summary>
/// Parses the watchlist query language: words and <c>"exact phrases"</c>; a space (or <c>AND</c>) means
/// AND; <c>OR</c>; <c>-word</c>, <c>-"phrase"</c>, <c>-(…)</c> or <c>NOT</c> exclude; parentheses;
/// <c>word*</c> is a prefix; <c>a NEAR/5 b</c> matches within 5 words in either order; <c>title:</c>
/// restricts the next clause to the title. NEAR binds tightest, then OR, then AND:
/// <c>visit Putin OR Xi</c> is <c>visit AND (Putin OR Xi)</c>. Operators are upper case; <c>or</c> is a word.
/// </summary>
public static class WatchlistQuery
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

    private enum TokenKind
    {
        Word,
        Phrase,
        Open,
        Close,
        Or,
        And,
        Not,
        Minus,
        Title,
        Near,
    }

    private sealed record Token(TokenKind Kind, string Text, int Position, int Distance = 0);

    private static bool IsQuote(char c) => c is '"' or '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u00AB' or '\u00BB';

    private static bool EndsBareWord(char c) => char.IsWhiteSpace(c) || c is '(' or ')' || IsQuote(c);

    private static List<Token> Lex(string query)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            var position = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                tokens.Add(new Token(TokenKind.Open, "(", position));
                i++;
            }
            else if (c == ')')
            {
                tokens.Add(new Token(TokenKind.Close, ")", position));
                i++;
            }
            else if (IsQuote(c))
            {
                var end = i + 1;
                while (end < query.Length && !IsQuote(query[end]))
                {
                    end++;
                }

                if (end >= query.Length)
                {
                    throw new QuerySyntaxException("unbalanced quote", position);
                }

                tokens.Add(new Token(TokenKind.Phrase, query[(i + 1)..end], position));
                i = end + 1;
            }
            else if (c == '-')
            {
                if (i + 1 >= query.Length || char.IsWhiteSpace(query[i + 1]) || query[i + 1] == ')')
                {
                    throw new QuerySyntaxException("- needs a word, phrase or group right after it", position);
                }

                tokens.Add(new Token(TokenKind.Minus, "-", position));
                i++;
            }
            else if (string.Compare(query, i, "title:", 0, 6, StringComparison.OrdinalIgnoreCase) == 0)
            {
                if (i + 6 >= query.Length || char.IsWhiteSpace(query[i + 6]) || query[i + 6] == ')')
                {
                    throw new QuerySyntaxException("title: needs a word, phrase or group right after it", position);
                }

                tokens.Add(new Token(TokenKind.Title, "title:", position));
                i += 6;
            }
            else
            {
                var end = i;
                while (end < query.Length && !EndsBareWord(query[end]))
                {
                    end++;
                }

                var word = query[i..end];
                tokens.Add(Operator(word, position) ?? new Token(TokenKind.Word, word, position));
                i = end;
            }
        }

        return tokens;
    }

    private static Token? Operator(string word, int position)
    {
        switch (word)
        {
            case "OR":
                return new Token(TokenKind.Or, word, position);
            case "AND":
                return new Token(TokenKind.And, word, position);
            case "NOT":
                return new Token(TokenKind.Not, word, position);
        }

        if (!word.StartsWith("NEAR", StringComparison.Ordinal) || (word.Length > 4 && word[4] != '/'))
        {
            return null;
        }

        if (word.Length <= 5 || !int.TryParse(word.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var distance))
        {
            throw new QuerySyntaxException("NEAR needs a distance in words, such as NEAR/5", position);
        }

        if (distance > MaxDistance)
        {
            throw new QuerySyntaxException($"NEAR distance must be at most {MaxDistance}", position);
        }

        return new Token(TokenKind.Near, word, position, distance);
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _next;

        public int TermCount { get; private set; }

        public Token? Peek => _next < tokens.Count ? tokens[_next] : null;

        // and := or ( [AND] or )*
        public QueryNode ParseAnd(int depth)
        {
            var start = Peek!;
            var clauses = new List<QueryNode>();
            while (Peek is { } token && token.Kind != TokenKind.Close)
            {
                if (token.Kind == TokenKind.And)
                {
                    if (clauses.Count == 0 || _next + 1 >= tokens.Count || tokens[_next + 1].Kind is TokenKind.Close or TokenKind.And or TokenKind.Or or TokenKind.Near)
                    {
                        throw new QuerySyntaxException("AND needs a clause on both sides", token.Position);
                    }

                    _next++;
                    continue;
                }

                clauses.Add(ParseOr(depth));
            }

            return clauses.Count == 1 ? clauses[0] : new QueryAnd(clauses) { Position = start.Position };
        }

        // or := near ( OR near )*
        private QueryNode ParseOr(int depth)
        {
            var first = ParseNear(depth);
            if (Peek is not { Kind: TokenKind.Or })
            {
                return first;
            }

            var clauses = new List<QueryNode> { first };
            while (Peek is { Kind: TokenKind.Or } orToken)
            {
                _next++;
                if (Peek is null || Peek.Kind is TokenKind.Close or TokenKind.Or or TokenKind.And or TokenKind.Near)
                {
                    throw new QuerySyntaxException("OR needs a clause on both sides", orToken.Position);
                }

                clauses.Add(ParseNear(depth));
            }

            return new QueryOr(clauses) { Position = first.Position };
        }

        // near := unary ( NEAR/n unary )*
        private QueryNode ParseNear(int depth)
        {
            var left = ParseUnary(depth);
            while (Peek is { Kind: TokenKind.Near } near)
            {
                _next++;
                if (Peek is null || Peek.Kind is TokenKind.Close or TokenKind.Or or TokenKind.And or TokenKind.Near)
                {
                    throw new QuerySyntaxException("NEAR needs a clause on both sides", near.Position);
                }

                var right = ParseUnary(depth);
                if (!left.IsPositional || !right.IsPositional)
                {
                    throw new QuerySyntaxException("NEAR needs words or phrases (or an OR of them) on both sides", near.Position);
                }

                left = new QueryNear(left, right, near.Distance) { Position = left.Position };
            }

            return left;
        }

        // unary := '-' unary | NOT unary | title: unary | primary
        private QueryNode ParseUnary(int depth)
        {
            var token = Peek ?? throw new QuerySyntaxException("the query ends too early", 1);
            switch (token.Kind)
            {
                case TokenKind.Minus or TokenKind.Not:
                    _next++;
                    if (Peek is null || Peek.Kind is TokenKind.Close or TokenKind.Or or TokenKind.And or TokenKind.Near)
                    {
                        throw new QuerySyntaxException($"{token.Text} needs a word, phrase or group after it", token.Position);
                    }

                    return new QueryNot(ParseUnary(depth)) { Position = token.Position };
                case TokenKind.Title:
                    _next++;
                    if (Peek is null || Peek.Kind is TokenKind.Close or TokenKind.Or or TokenKind.And or TokenKind.Near)
                    {
                        throw new QuerySyntaxException("title: needs a word, phrase or group after it", token.Position);
                    }

                    return new QueryTitle(ParseUnary(depth)) { Position = token.Position };
                default:
                    return ParsePrimary(depth);
            }
        }

        private QueryNode ParsePrimary(int depth)
        {
            var token = Peek!;
            _next++;
            switch (token.Kind)
            {
                case TokenKind.Word:
                    TermCount++;
                    return Term(token.Text, token.Position, allowPrefix: true, throwIfEmpty: true)!;
                case TokenKind.Phrase:
                    TermCount++;
                    return Term(token.Text, token.Position, allowPrefix: true, throwIfEmpty: true, phrase: true)!;
                case TokenKind.Open:
                    if (depth >= MaxDepth)
                    {
                        throw new QuerySyntaxException("too deeply nested", token.Position);
                    }

                    if (Peek is null)
                    {
                        throw new QuerySyntaxException("unbalanced parenthesis", token.Position);
                    }

                    if (Peek.Kind == TokenKind.Close)
                    {
                        throw new QuerySyntaxException("empty parentheses", token.Position);
                    }

                    var inner = ParseAnd(depth + 1);
                    if (Peek is not { Kind: TokenKind.Close })
                    {
                        throw new QuerySyntaxException("unbalanced parenthesis", token.Position);
                    }

                    _next++;
                    return inner;
                case TokenKind.Close:
                    throw new QuerySyntaxException("unbalanced parenthesis", token.Position);
                default:
                    throw new QuerySyntaxException($"{token.Text} needs a clause on both sides", token.Position);
            }
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
