using System.Globalization;

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
