namespace NewsAlerts.Watchlists;

/// <summary>One problem with a request, and the field it concerns.</summary>
/// <param name="Field">The field at fault, as the caller named it (<c>email</c>, <c>name</c>, <c>terms</c>, <c>timeZone</c>).</param>
/// <param name="Message">What is wrong, in words a person understands.</param>
public sealed record ValidationError(string Field, string Message);

/// <summary>A request was refused because of what it asked for; nothing was stored.</summary>
public sealed class ValidationException : Exception
{
    /// <summary>Creates the exception from its problems.</summary>
    public ValidationException(IReadOnlyList<ValidationError> errors)
        : base(string.Join("; ", errors.Select(e => e.Message)))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with one problem.</summary>
    public ValidationException(string field, string message)
        : this([new ValidationError(field, message)])
    {
    }

    /// <summary>Creates the exception with a message and no field.</summary>
    public ValidationException(string message)
        : this("request", message)
    {
    }

    /// <summary>Creates the exception with a message and the error behind it.</summary>
    public ValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ValidationError("request", message)];
    }

    /// <summary>Creates an exception with no detail.</summary>
    public ValidationException()
        : this("request", "the request is not valid")
    {
    }

    /// <summary>Every problem found, not only the first.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }
}
