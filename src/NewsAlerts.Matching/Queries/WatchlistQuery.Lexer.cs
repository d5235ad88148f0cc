using System.Globalization;

namespace NewsAlerts.Matching.Queries;

// Lexing: a query cut into words, phrases, parentheses and operators, each with its position.
public static partial class WatchlistQuery
{
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
}
