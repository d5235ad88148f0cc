using System.Text;

namespace NewsAlerts.Matching.Queries;

/// <summary>A clause of a parsed watchlist query (see <see cref="WatchlistQuery"/>).</summary>
public abstract record QueryNode
{
    /// <summary>Where the clause starts in the query, counting characters from 1.</summary>
    public int Position { get; init; }

    /// <summary>True when the clause can only match an article that contains one of its words.</summary>
    public abstract bool IsPositive { get; }

    /// <summary>True when the clause is made of words at positions (words, phrases, OR and NEAR of them), as NEAR needs.</summary>
    public abstract bool IsPositional { get; }

    /// <summary>A canonical form, for tests and logs: <c>AND(visit, OR(putin, "xi jinping"))</c>.</summary>
    public abstract void Describe(StringBuilder builder);

    /// <inheritdoc />
    public sealed override string ToString()
    {
        var builder = new StringBuilder();
        Describe(builder);
        return builder.ToString();
    }

    /// <summary>Describes <paramref name="nodes"/> after <paramref name="name"/>, in parentheses.</summary>
    protected static void Describe(StringBuilder builder, string name, IEnumerable<QueryNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append(name).Append('(');
        var first = true;
        foreach (var node in nodes)
        {
            if (!first)
            {
                builder.Append(", ");
            }

            node.Describe(builder);
            first = false;
        }

        builder.Append(')');
    }
}

/// <summary>One folded word of a query term; a prefix matches every word that starts with it.</summary>
/// <param name="Text">The word folded as <see cref="Text.WordTokenizer"/> folds article words.</param>
/// <param name="IsPrefix">True for <c>word*</c>.</param>
public readonly record struct QueryWord(string Text, bool IsPrefix);

/// <summary>
/// A word or a phrase: its words in order, in one or more forms. A hyphenated word has a second form
/// with its parts joined (<c>Jong-un</c> is <c>jong un</c> or <c>jongun</c>).
/// </summary>
/// <param name="Text">The term as written, without quotes: what a match reports.</param>
/// <param name="Forms">The sequences of words that match; the first is the term as written.</param>
public sealed record QueryTerm(string Text, IReadOnlyList<IReadOnlyList<QueryWord>> Forms) : QueryNode
{
    /// <inheritdoc />
    public override bool IsPositive => true;

    /// <inheritdoc />
    public override bool IsPositional => true;

    /// <inheritdoc />
    public override void Describe(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        for (var f = 0; f < Forms.Count; f++)
        {
            if (f > 0)
            {
                builder.Append('|');
            }

            var words = Forms[f];
            if (words.Count > 1)
            {
                builder.Append('"');
            }

            builder.AppendJoin(' ', words.Select(w => w.IsPrefix ? w.Text + "*" : w.Text));
            if (words.Count > 1)
            {
                builder.Append('"');
            }
        }
    }
}

/// <summary>Every clause must match (words separated by spaces, or <c>AND</c>).</summary>
/// <param name="Clauses">The clauses.</param>
public sealed record QueryAnd(IReadOnlyList<QueryNode> Clauses) : QueryNode
{
    /// <inheritdoc />
    public override bool IsPositive => Clauses.Any(c => c.IsPositive);

    /// <inheritdoc />
    public override bool IsPositional => false;

    /// <inheritdoc />
    public override void Describe(StringBuilder builder) => Describe(builder, "AND", Clauses);
}

/// <summary>At least one clause must match (<c>OR</c>, and a watchlist's plain list of terms).</summary>
/// <param name="Clauses">The clauses.</param>
public sealed record QueryOr(IReadOnlyList<QueryNode> Clauses) : QueryNode
{
    /// <inheritdoc />
    public override bool IsPositive => Clauses.All(c => c.IsPositive);

    /// <inheritdoc />
    public override bool IsPositional => Clauses.All(c => c.IsPositional);

    /// <inheritdoc />
    public override void Describe(StringBuilder builder) => Describe(builder, "OR", Clauses);
}

/// <summary>The clause must not match (<c>-word</c>, <c>-"phrase"</c>, <c>-(…)</c>, <c>NOT</c>).</summary>
/// <param name="Clause">The excluded clause.</param>
public sealed record QueryNot(QueryNode Clause) : QueryNode
{
    /// <inheritdoc />
    public override bool IsPositive => false;

    /// <inheritdoc />
    public override bool IsPositional => false;

    /// <inheritdoc />
    public override void Describe(StringBuilder builder) => Describe(builder, "NOT", [Clause]);
}

/// <summary>Both clauses match with at most <paramref name="Distance"/> words between them, in either order.</summary>
/// <param name="Left">The first clause.</param>
/// <param name="Right">The second clause.</param>
/// <param name="Distance">Most words between the two.</param>
public sealed record QueryNear(QueryNode Left, QueryNode Right, int Distance) : QueryNode
{
    /// <inheritdoc />
    public override bool IsPositive => true;

    /// <inheritdoc />
    public override bool IsPositional => true;

    /// <inheritdoc />
    public override void Describe(StringBuilder builder) => Describe(builder, $"NEAR/{Distance}", [Left, Right]);
}

/// <summary>The clause must match in the title (<c>title:</c>).</summary>
/// <param name="Clause">The clause.</param>
public sealed record QueryTitle(QueryNode Clause) : QueryNode
{
    /// <inheritdoc />
    public override bool IsPositive => Clause.IsPositive;

    /// <inheritdoc />
    public override bool IsPositional => Clause.IsPositional;

    /// <inheritdoc />
    public override void Describe(StringBuilder builder) => Describe(builder, "TITLE", [Clause]);
}
