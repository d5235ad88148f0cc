using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions;

/// <summary>The app's HTTP answers as ASP.NET Core results: JSON bodies, RFC 9457 problem details, HTML pages.</summary>
internal static class HttpResults
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>200 with <paramref name="value"/> as JSON.</summary>
    public static IActionResult Json(object value) => new JsonResult(value, NewsAlertsJson.Options);

    /// <summary>201 with <paramref name="value"/> as JSON.</summary>
    public static IActionResult Created(object value) => new JsonResult(value, NewsAlertsJson.Options) { StatusCode = StatusCodes.Status201Created };

    /// <summary>204, no body.</summary>
    public static IActionResult NoContent() => new NoContentResult();

    /// <summary>404 problem details saying, for people, what is not there.</summary>
    public static IActionResult NotFound(string detail) => Problem(new ProblemDetails
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        Title = "Not Found",
        Status = StatusCodes.Status404NotFound,
        Detail = detail,
    });

    /// <summary>A whole HTML document with <paramref name="statusCode"/>.</summary>
    public static IActionResult Html(int statusCode, string document) => new ContentResult
    {
        Content = document,
        ContentType = "text/html; charset=utf-8",
        StatusCode = statusCode,
    };

    /// <summary>
    /// What <paramref name="answer"/> answers, unless Core refuses the request as invalid: then 400 validation
    /// problem details with each field at fault and what is wrong with it (RFC 9457 <c>errors</c>).
    /// </summary>
    public static async Task<IActionResult> UnlessInvalidAsync(Func<Task<IActionResult>> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        try
        {
            return await answer();
        }
        catch (ValidationException ex)
        {
            var errors = ex.Errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
            return Problem(new ValidationProblemDetails(errors)
            {
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                Title = "One or more validation errors occurred.",
                Status = StatusCodes.Status400BadRequest,
                Detail = "The request is not valid; see errors.",
            });
        }
    }

    private static ObjectResult Problem(ProblemDetails problem) => new(problem)
    {
        StatusCode = problem.Status,
        ContentTypes = { ProblemJson },
    };
}
