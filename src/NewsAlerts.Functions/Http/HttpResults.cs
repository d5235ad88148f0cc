using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NewsAlerts.Digests;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions;

/// <summary>Maps Core's answers to ASP.NET Core results: JSON bodies, RFC 9457 problem details, HTML pages.</summary>
internal static class HttpResults
{
    private const string ProblemJson = "application/problem+json";

    public static IActionResult From(ApiResult result) => result.Outcome switch
    {
        ApiOutcome.Ok => new JsonResult(result.Value, NewsAlertsJson.Options),
        ApiOutcome.Created => new JsonResult(result.Value, NewsAlertsJson.Options) { StatusCode = StatusCodes.Status201Created },
        ApiOutcome.NoContent => new NoContentResult(),
        ApiOutcome.NotFound => Problem(new ProblemDetails
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            Title = "Not Found",
            Status = StatusCodes.Status404NotFound,
            Detail = result.Detail,
        }),
        _ => Problem(new ValidationProblemDetails(result.Errors?.ToDictionary(e => e.Key, e => e.Value) ?? [])
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "One or more validation errors occurred.",
            Status = StatusCodes.Status400BadRequest,
            Detail = result.Detail,
        }),
    };

    public static IActionResult Page(HtmlPage page) => new ContentResult
    {
        Content = page.Html,
        ContentType = "text/html; charset=utf-8",
        StatusCode = page.StatusCode,
    };

    private static ObjectResult Problem(ProblemDetails problem) => new(problem)
    {
        StatusCode = problem.Status,
        ContentTypes = { ProblemJson },
    };
}
