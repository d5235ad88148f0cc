using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsAlerts.Email;
using NewsAlerts.Storage;

namespace NewsAlerts.Digests;

/// <summary>
/// Builds a digest email: <c>multipart/alternative</c> with a plain-text part and an HTML part showing the
/// same stories, the first <see cref="DigestsOptions.MaxStories"/> in full and the rest by title.
/// </summary>
/// <remarks>
/// The HTML is written for mail programs: table layout, inline styles, no scripts, no remote images or
/// fonts; 600 px wide and fluid below that, with long words allowed to wrap, so a 375 px phone never
/// scrolls sideways; light colours by default and a <c>prefers-color-scheme: dark</c> variant. Every piece
/// of article text is HTML-encoded, and matched words are highlighted from the match's own hit positions.
/// Nothing from an article reaches a header but the top title in the subject, without line breaks, bounded.
/// </remarks>
public sealed class DigestComposer
{
    /// <summary>Longest subject line.</summary>
    public const int MaxSubjectLength = 150;

    private const int MaxListedTitles = 20;

    // Palette: light by default; the dark variant swaps these through the classes in the <style> block.
    private const string Page = "#f4f4f5";
    private const string Card = "#ffffff";
    private const string Ink = "#1f2937";
    private const string Muted = "#6b7280";
    private const string Rule = "#e5e7eb";
    private const string LinkColor = "#1d4ed8";
    private const string MarkStyle = "background:#fde68a;color:#111827;padding:0 2px;border-radius:2px;";
    private const string Wrap = "word-break:break-word;overflow-wrap:anywhere;";

    private const string DarkStyles = """
        :root { color-scheme: light dark; supported-color-schemes: light dark; }
        @media (prefers-color-scheme: dark) {
          .na-page { background:#111827 !important; }
          .na-card { background:#1f2937 !important; }
          .na-ink { color:#f3f4f6 !important; }
          .na-muted { color:#9ca3af !important; }
          .na-link { color:#93c5fd !important; }
          .na-rule { border-color:#374151 !important; }
          .na-mark { background:#a16207 !important; color:#fefce8 !important; }
        }
        @media (max-width: 480px) { .na-pad { padding-left:14px !important; padding-right:14px !important; } }
        """;

    private readonly MailboxAddress _from;
    private readonly int _maxStories;
    private readonly UnsubscribeLinks? _unsubscribe;

    /// <summary>Creates the composer with the configured sender, story limit, and unsubscribe links when they are configured.</summary>
    public DigestComposer(IOptions<EmailOptions> email, IOptions<DigestsOptions> digests, UnsubscribeLinks? unsubscribe = null)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(digests);
        _from = MailboxAddress.Parse(email.Value.From);
        _maxStories = digests.Value.MaxStories;
        _unsubscribe = unsubscribe;
    }

    /// <summary>Composes the digest <paramref name="digestId"/> of <paramref name="stories"/> (most relevant first) for <paramref name="email"/>.</summary>
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

        var shown = stories.Take(_maxStories).ToList();
        var more = stories.Skip(_maxStories).ToList();
        var body = new BodyBuilder
        {
            TextBody = PlainText(email, stories.Count, shown, more, unsubscribe),
            HtmlBody = Html(email, message.Subject, stories.Count, shown, more, unsubscribe),
        };
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

    private static string More(int count) => count == 1 ? "And 1 more story" : $"And {count.ToString(CultureInfo.InvariantCulture)} more stories";

    private static string Stories(int count) => count == 1 ? "1 story" : $"{count.ToString(CultureInfo.InvariantCulture)} stories";

    private static string PlainText(string email, int total, List<DigestStory> shown, List<DigestStory> more, Uri? unsubscribe)
    {
        var text = new StringBuilder();
        text.Append("Your NewsAlerts digest: ").Append(Stories(total)).Append(" matched your watchlists.\n\n");
        var number = 1;
        foreach (var story in shown)
        {
            text.Append(number++).Append(". ").Append(OneLine(story.Title)).Append('\n');
            if (story.Sources.Count > 0)
            {
                text.Append("   ").Append(string.Join(" · ", story.Sources)).Append(ArticlesNote(story)).Append('\n');
            }

            if (story.Url is not null)
            {
                text.Append("   ").Append(story.Url).Append('\n');
            }

            if (!string.IsNullOrEmpty(story.Summary))
            {
                text.Append("   ").Append(story.Summary.ReplaceLineEndings(" ")).Append('\n');
            }

            foreach (var snippet in story.Snippets)
            {
                text.Append("   \"").Append(snippet.ToMarkedText().ReplaceLineEndings(" ")).Append("\"\n");
            }

            text.Append("   Matched ").Append(string.Join(", ", story.Watchlists))
                .Append(": ").Append(string.Join(", ", story.Terms)).Append("\n\n");
        }

        if (more.Count > 0)
        {
            text.Append(More(more.Count)).Append(":\n");
            foreach (var story in more.Take(MaxListedTitles))
            {
                text.Append("- ").Append(OneLine(story.Title)).Append(story.Url is null ? string.Empty : " <" + story.Url + ">").Append('\n');
            }

            if (more.Count > MaxListedTitles)
            {
                text.Append("- …\n");
            }

            text.Append('\n');
        }

        text.Append("You receive this because ").Append(email).Append(" keeps watchlists on NewsAlerts.\n");
        if (unsubscribe is not null)
        {
            text.Append("Unsubscribe: ").Append(unsubscribe.AbsoluteUri).Append('\n');
        }

        return text.ToString();
    }

    private static string Html(string email, string subject, int total, List<DigestStory> shown, List<DigestStory> more, Uri? unsubscribe)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"color-scheme\" content=\"light dark\"><meta name=\"supported-color-schemes\" content=\"light dark\">")
            .Append("<title>").Append(E(subject)).Append("</title><style>").Append(DarkStyles).Append("</style></head>")
            .Append($"<body class=\"na-page\" style=\"margin:0;padding:0;background:{Page};-webkit-text-size-adjust:100%;\">")

            // The preheader: what mail programs show next to the subject in the inbox.
            .Append("<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all;\">")
            .Append(E(string.Join(" · ", shown.Take(3).Select(s => OneLine(s.Title))))).Append("</div>")
            .Append($"<table role=\"presentation\" class=\"na-page\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:{Page};\"><tr><td align=\"center\" style=\"padding:16px 8px;\">")
            .Append($"<table role=\"presentation\" class=\"na-card\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:600px;background:{Card};border-radius:6px;font-family:Arial,Helvetica,sans-serif;color:{Ink};\">")
            .Append($"<tr><td class=\"na-pad na-rule\" style=\"padding:20px 24px;border-bottom:1px solid {Rule};\">")
            .Append($"<h1 class=\"na-ink\" style=\"margin:0;font-size:20px;line-height:1.3;color:{Ink};\">Your NewsAlerts digest</h1>")
            .Append($"<p class=\"na-muted\" style=\"margin:4px 0 0;font-size:14px;color:{Muted};\">")
            .Append(Stories(total)).Append(" matched your watchlists.</p></td></tr>");

        foreach (var story in shown)
        {
            html.Append($"<tr><td class=\"na-pad na-rule\" style=\"padding:16px 24px;border-bottom:1px solid {Rule};{Wrap}\">");
            html.Append($"<h2 class=\"na-ink\" style=\"margin:0 0 4px;font-size:17px;line-height:1.35;color:{Ink};{Wrap}\">");
            html.Append(story.Url is null
                ? E(story.Title)
                : $"<a class=\"na-link\" href=\"{E(story.Url)}\" style=\"color:{LinkColor};text-decoration:none;\">{E(story.Title)}</a>");
            html.Append("</h2>");
            if (story.Sources.Count > 0)
            {
                html.Append($"<p class=\"na-muted\" style=\"margin:0 0 8px;font-size:13px;color:{Muted};\">")
                    .Append(E(string.Join(" · ", story.Sources) + ArticlesNote(story))).Append("</p>");
            }

            if (!string.IsNullOrEmpty(story.Summary))
            {
                html.Append($"<p class=\"na-ink\" style=\"margin:0 0 8px;font-size:15px;line-height:1.5;color:{Ink};\">").Append(E(story.Summary)).Append("</p>");
            }

            foreach (var snippet in story.Snippets)
            {
                html.Append($"<p class=\"na-muted na-rule\" style=\"margin:0 0 8px;font-size:14px;line-height:1.5;color:{Muted};border-left:3px solid {Rule};padding-left:8px;\">")
                    .Append(snippet.Render(E, $"<mark class=\"na-mark\" style=\"{MarkStyle}\">", "</mark>")).Append("</p>");
            }

            html.Append($"<p class=\"na-ink\" style=\"margin:0;font-size:13px;color:{Ink};\">Matched <strong>").Append(E(string.Join(", ", story.Watchlists)))
                .Append("</strong>: ").Append(string.Join(", ", story.Terms.Select(t => $"<mark class=\"na-mark\" style=\"{MarkStyle}\">{E(t)}</mark>"))).Append("</p>");
            html.Append("</td></tr>");
        }

        if (more.Count > 0)
        {
            html.Append($"<tr><td class=\"na-pad na-rule\" style=\"padding:16px 24px;border-bottom:1px solid {Rule};{Wrap}\">")
                .Append($"<p class=\"na-ink\" style=\"margin:0 0 6px;font-size:15px;font-weight:bold;color:{Ink};\">").Append(More(more.Count)).Append("</p>")
                .Append($"<ul style=\"margin:0;padding-left:18px;font-size:14px;line-height:1.5;color:{Ink};\">");
            foreach (var story in more.Take(MaxListedTitles))
            {
                html.Append("<li class=\"na-ink\">").Append(story.Url is null
                    ? E(story.Title)
                    : $"<a class=\"na-link\" href=\"{E(story.Url)}\" style=\"color:{LinkColor};text-decoration:none;\">{E(story.Title)}</a>").Append("</li>");
            }

            html.Append(more.Count > MaxListedTitles ? "<li>…</li>" : string.Empty).Append("</ul></td></tr>");
        }

        html.Append($"<tr><td class=\"na-pad na-muted\" style=\"padding:16px 24px;font-size:12px;line-height:1.5;color:{Muted};{Wrap}\">")
            .Append("You receive this because ").Append(E(email)).Append(" keeps watchlists on NewsAlerts.");
        if (unsubscribe is not null)
        {
            html.Append(" <a class=\"na-link\" href=\"").Append(E(unsubscribe.AbsoluteUri)).Append($"\" style=\"color:{LinkColor};\">Unsubscribe</a>.");
        }

        html.Append("</td></tr></table></td></tr></table></body></html>");
        return html.ToString();
    }

    private static string ArticlesNote(DigestStory story) =>
        story.ArticleCount > 1 ? $" ({story.ArticleCount.ToString(CultureInfo.InvariantCulture)} articles)" : string.Empty;
}
