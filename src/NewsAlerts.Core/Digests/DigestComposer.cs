using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsAlerts.Email;
using NewsAlerts.Storage;

namespace NewsAlerts.Digests;

/// <summary>
/// Builds a digest email: <c>multipart/alternative</c> with a plain-text part and an HTML part showing
/// the same stories. Every piece of article text is HTML-encoded; nothing from an article reaches a
/// header except the top title in the subject, stripped of line breaks and bounded.
/// </summary>
public sealed class DigestComposer
{
    /// <summary>Longest subject line.</summary>
    public const int MaxSubjectLength = 150;

    private readonly MailboxAddress _from;
    private readonly UnsubscribeLinks? _unsubscribe;

    /// <summary>Creates the composer with the configured sender, and unsubscribe links when they are configured.</summary>
    public DigestComposer(IOptions<EmailOptions> options, UnsubscribeLinks? unsubscribe = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _from = MailboxAddress.Parse(options.Value.From);
        _unsubscribe = unsubscribe;
    }

    /// <summary>Composes the digest <paramref name="digestId"/> of <paramref name="stories"/> for <paramref name="email"/>.</summary>
    public MimeMessage Compose(string email, string digestId, IReadOnlyList<DigestStory> stories)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(stories);
        if (stories.Count == 0)
        {
            throw new ArgumentException("a digest needs at least one story", nameof(stories));
        }

        var message = new MimeMessage();
        message.From.Add(_from);
        message.To.Add(MailboxAddress.Parse(email));
        message.Subject = Subject(stories);

        // Derived from subscriber and digest, so a rare resend after a crash is recognizably the same message.
        message.MessageId = $"digest.{digestId}.{TableKeys.Hash(email.ToLowerInvariant(), 8)}@{_from.Domain}";
        message.Headers.Add("X-NewsAlerts-Digest", digestId);

        // RFC 2369 and RFC 8058: mail programs offer unsubscribing, by a POST to this link, next to the sender.
        var unsubscribe = _unsubscribe?.CreateLink(email);
        if (unsubscribe is not null)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe.AbsoluteUri}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { TextBody = PlainText(stories, unsubscribe), HtmlBody = Html(stories, unsubscribe) };
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The subject: how many stories, for which watchlists, and the top story's title.</summary>
    public static string Subject(IReadOnlyList<DigestStory> stories)
    {
        ArgumentNullException.ThrowIfNull(stories);
        var watchlists = stories.SelectMany(s => s.Watchlists).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var named = watchlists.Count <= 2 ? string.Join(" and ", watchlists) : $"{watchlists[0]}, {watchlists[1]} and {watchlists.Count - 2} more";
        var count = stories.Count == 1 ? "1 new story" : $"{stories.Count.ToString(CultureInfo.InvariantCulture)} new stories";
        var subject = $"{count} for {named}: {OneLine(stories[0].Title)}";
        return subject.Length <= MaxSubjectLength ? subject : subject[..(MaxSubjectLength - 1)].TrimEnd() + "…";
    }

    private static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        return builder.ToString().Trim();
    }

    private static string PlainText(IReadOnlyList<DigestStory> stories, Uri? unsubscribe)
    {
        var text = new StringBuilder();
        text.Append("Your NewsAlerts digest: ").Append(stories.Count).Append(stories.Count == 1 ? " story" : " stories").Append(" matched your watchlists.\n\n");
        var number = 1;
        foreach (var story in stories)
        {
            text.Append(number++).Append(". ").Append(OneLine(story.Title)).Append('\n');
            if (story.Sources.Count > 0)
            {
                text.Append("   Source: ").Append(string.Join(", ", story.Sources)).Append('\n');
            }

            if (story.Url is not null)
            {
                text.Append("   ").Append(story.Url).Append('\n');
            }

            if (!string.IsNullOrEmpty(story.Summary))
            {
                text.Append("   ").Append(story.Summary.ReplaceLineEndings(" ")).Append('\n');
            }

            foreach (var snippet in story.Snippets ?? [])
            {
                text.Append("   \"").Append(snippet.ToMarkedText()).Append("\"\n");
            }

            text.Append("   Matched ").Append(string.Join(", ", story.Watchlists))
                .Append(": ").Append(string.Join(", ", story.Terms)).Append("\n\n");
        }

        text.Append("You receive this because you keep watchlists on NewsAlerts.\n");
        if (unsubscribe is not null)
        {
            text.Append("Unsubscribe: ").Append(unsubscribe.AbsoluteUri).Append('\n');
        }

        return text.ToString();
    }

    private static string Html(IReadOnlyList<DigestStory> stories, Uri? unsubscribe)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"color-scheme\" content=\"light dark\"><title>NewsAlerts digest</title></head>")
            .Append("<body style=\"margin:0;padding:0;background:#f4f4f5;\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f4f4f5;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">")
            .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:100%;max-width:600px;background:#ffffff;border-radius:6px;font-family:Arial,Helvetica,sans-serif;color:#1f2937;\">")
            .Append("<tr><td style=\"padding:20px 24px;border-bottom:1px solid #e5e7eb;\"><h1 style=\"margin:0;font-size:20px;\">Your NewsAlerts digest</h1>")
            .Append("<p style=\"margin:4px 0 0;font-size:14px;color:#4b5563;\">")
            .Append(stories.Count).Append(stories.Count == 1 ? " story" : " stories").Append(" matched your watchlists.</p></td></tr>");

        foreach (var story in stories)
        {
            html.Append("<tr><td style=\"padding:16px 24px;border-bottom:1px solid #e5e7eb;\">");
            html.Append("<h2 style=\"margin:0 0 4px;font-size:17px;line-height:1.3;\">");
            if (story.Url is not null)
            {
                html.Append("<a href=\"").Append(E(story.Url)).Append("\" style=\"color:#1d4ed8;text-decoration:none;\">").Append(E(story.Title)).Append("</a>");
            }
            else
            {
                html.Append(E(story.Title));
            }

            html.Append("</h2>");
            if (story.Sources.Count > 0)
            {
                html.Append("<p style=\"margin:0 0 8px;font-size:13px;color:#6b7280;\">").Append(E(string.Join(" · ", story.Sources))).Append("</p>");
            }

            if (!string.IsNullOrEmpty(story.Summary))
            {
                html.Append("<p style=\"margin:0 0 8px;font-size:15px;line-height:1.5;\">").Append(E(story.Summary)).Append("</p>");
            }

            foreach (var snippet in story.Snippets ?? [])
            {
                html.Append("<p style=\"margin:0 0 8px;font-size:14px;line-height:1.5;color:#374151;\">")
                    .Append(snippet.Render(E, "<mark>", "</mark>")).Append("</p>");
            }

            html.Append("<p style=\"margin:0;font-size:13px;color:#374151;\">Matched <strong>").Append(E(string.Join(", ", story.Watchlists)))
                .Append("</strong>: ").Append(E(string.Join(", ", story.Terms))).Append("</p>");
            html.Append("</td></tr>");
        }

        html.Append("<tr><td style=\"padding:16px 24px;font-size:12px;color:#6b7280;\">You receive this because you keep watchlists on NewsAlerts.");
        if (unsubscribe is not null)
        {
            html.Append(" <a href=\"").Append(E(unsubscribe.AbsoluteUri)).Append("\" style=\"color:#6b7280;\">Unsubscribe</a>");
        }

        html.Append("</td></tr>")
            .Append("</table></td></tr></table></body></html>");
        return html.ToString();
    }
}
