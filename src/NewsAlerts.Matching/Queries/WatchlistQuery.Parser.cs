namespace NewsAlerts.Matching.Queries;

// Parsing: tokens into clauses by precedence (NEAR, then OR, then AND), with the checks that say what is
// wrong and where.
public static partial class WatchlistQuery
{
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
}
