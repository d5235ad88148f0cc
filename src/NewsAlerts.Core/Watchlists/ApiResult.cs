namespace NewsAlerts.Watchlists;

/// <summary>What an API call came to, in HTTP's terms but without HTTP types: each host maps it to its own.</summary>
public enum ApiOutcome
{
    /// <summary>200 with <see cref="ApiResult.Value"/>.</summary>
    Ok,

    /// <summary>201 with <see cref="ApiResult.Value"/>.</summary>
    Created,

    /// <summary>204, no body.</summary>
    NoContent,

    /// <summary>400 validation problem with <see cref="ApiResult.Errors"/>.</summary>
    Invalid,

    /// <summary>404 problem with <see cref="ApiResult.Detail"/>.</summary>
    NotFound,
}

/// <summary>The answer of <see cref="WatchlistApi"/>.</summary>
/// <param name="Outcome">Which answer.</param>
/// <param name="Value">The body of a success.</param>
/// <param name="Errors">For <see cref="ApiOutcome.Invalid"/>: each field at fault and what is wrong with it (RFC 9457 <c>errors</c>).</param>
/// <param name="Detail">A sentence for people about a failure.</param>
public sealed record ApiResult(ApiOutcome Outcome, object? Value = null, IReadOnlyDictionary<string, string[]>? Errors = null, string? Detail = null)
{
    /// <summary>A validation failure from <paramref name="errors"/>, grouped by field.</summary>
    public static ApiResult Invalid(IEnumerable<ValidationError> errors) =>
        new(
            ApiOutcome.Invalid,
            Errors: errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            Detail: "The request is not valid; see errors.");

    /// <summary>A validation failure of one field.</summary>
    public static ApiResult Invalid(string field, string message) => Invalid([new ValidationError(field, message)]);
}
