using System.Net;
using Microsoft.AspNetCore.Mvc;
using NewsAlerts.Digests;

namespace NewsAlerts.Functions.Digests;

/// <summary>
/// The small HTML pages a person sees after following an unsubscribe link, each with its status: 200, 400 for a
/// link that is no good, 503 when the app cannot check links. Nothing from the request is shown unencoded.
/// </summary>
internal static class UnsubscribePage
{
    /// <summary>The page for <paramref name="result"/>.</summary>
    public static IActionResult Render(UnsubscribeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var email = WebUtility.HtmlEncode(result.Email ?? string.Empty);
        return result.Outcome switch
        {
            // The form posts back to the same address (token included), as RFC 8058's one-click POST does.
            UnsubscribeOutcome.Confirm => HttpResults.Html(200, Document(
                "Unsubscribe from NewsAlerts?",
                $"<p>Stop sending NewsAlerts digests to <strong>{email}</strong> and delete its watchlists?</p>"
                + "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>")),
            UnsubscribeOutcome.Unsubscribed => HttpResults.Html(200, Document(
                "You are unsubscribed",
                $"<p><strong>{email}</strong> will receive no more NewsAlerts digests, and its watchlists are deleted.</p>")),
            UnsubscribeOutcome.ExpiredToken => HttpResults.Html(400, Document(
                "This unsubscribe link has expired",
                "<p>The link is too old to use. Use the link in a more recent digest.</p>")),
            UnsubscribeOutcome.NotConfigured => HttpResults.Html(503, Document(
                "Unsubscribing is not available",
                "<p>This NewsAlerts server has no unsubscribe signing key configured (Digests:UnsubscribeSigningKey), so it cannot check links. Please contact its operator.</p>")),
            _ => HttpResults.Html(400, Document(
                "This unsubscribe link is not valid",
                "<p>The link is incomplete or has been changed. Open it again from the digest email, without editing it.</p>")),
        };
    }

    private static string Document(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + $"<title>{WebUtility.HtmlEncode(title)}</title>"
        + "<style>body{font-family:Arial,Helvetica,sans-serif;max-width:36em;margin:3em auto;padding:0 1em;color:#1f2937}"
        + "button{font-size:1em;padding:.5em 1.2em}</style></head>"
        + $"<body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>";
}
