using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsAlerts.Email;
using NewsAlerts.Matching;
using NewsAlerts.Storage;
using NewsAlerts.Text;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Digests;

/// <summary>
/// Builds a digest email: <c>multipart/alternative</c> with a plain-text part and an HTML part showing the
/// same stories, the first <see cref="DigestsOptions.MaxStories"/> in full and the rest by title.
/// </summary>
/// <remarks>
/// The HTML part is the Razor component <see cref="DigestHtml"/>, rendered by <see cref="HtmlRenderer"/>, so every
/// piece of article text is HTML-encoded by the template engine rather than by hand; matched words are highlighted
/// from the match's own hit positions. Nothing from an article reaches a header but the top title in the subject,
/// without line breaks, bounded.
/// </remarks>
public sealed class DigestComposer
{
    /// <summary>Longest subject line.</summary>
    public const int MaxSubjectLength = 150;

    /// <summary>Most stories listed by title after the ones shown in full.</summary>
    internal const int MaxListedTitles = 20;

    // The renderer's only service: an encoder that leaves non-ASCII letters as they are (the default writes
    // "São" as "S&#xE3;o"), still encoding every character that could start markup or leave an attribute.
    private static readonly ServiceProvider RendererServices = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .BuildServiceProvider();

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
    public async Task<MimeMessage> ComposeAsync(string email, string digestId, IReadOnlyList<DigestStory> stories, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(stories);
        if (stories.Count == 0)
        {
            throw new ArgumentException("a digest needs at least one story", nameof(stories));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var message = new MimeMessage();
        // A copy per message: an address list subscribes to its addresses' Changed events, so one shared address
        // would keep every message composed with it alive (about 20 KB each) for as long as the composer lives.
        message.From.Add(new MailboxAddress(_from.Name, _from.Address));
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
            HtmlBody = await HtmlAsync(new Dictionary<string, object?>
            {
                [nameof(DigestHtml.Subject)] = message.Subject,
                [nameof(DigestHtml.Email)] = email,
                [nameof(DigestHtml.Total)] = stories.Count,
                [nameof(DigestHtml.Shown)] = shown,
                [nameof(DigestHtml.More)] = more,
                [nameof(DigestHtml.Unsubscribe)] = unsubscribe,
            }),
        };
        message.Body = body.ToMessageBody();

        // Encoded here, not by the SMTP client on the way out: the outbox's .eml is then byte for byte what SMTP sends,
        // 7-bit quoted-printable with lines of at most 78 characters (RFC 5322 allows 998), whatever the server offers.
        message.Prepare(EncodingConstraint.SevenBit);
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

    internal static string OneLine(string text) => DisplayText.Line(text);

    /// <summary>A piece of a line (a snippet's text around its hits): cleaned like a line, its edge spaces kept.</summary>
    internal static string Displayable(string text) => DisplayText.Block(text).Replace('\n', ' ');

    internal static string More(int count) => count == 1 ? "And 1 more story" : $"And {count.ToString(CultureInfo.InvariantCulture)} more stories";

    internal static string Stories(int count) => count == 1 ? "1 story" : $"{count.ToString(CultureInfo.InvariantCulture)} stories";

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
                text.Append("   ").Append(SourceNames(story)).Append(ArticlesNote(story)).Append('\n');
            }

            foreach (var source in story.Sources.Where(s => s.Url is not null))
            {
                text.Append("   ").Append(OneLine(source.Name)).Append(": ").Append(source.Url).Append('\n');
            }

            if (story.Url is not null && !story.Sources.Any(s => s.Url == story.Url))
            {
                text.Append("   ").Append(story.Url).Append('\n');
            }

            if (!string.IsNullOrEmpty(story.Summary))
            {
                text.Append("   ").Append(OneLine(story.Summary)).Append('\n');
            }

            foreach (var snippet in story.Snippets)
            {
                text.Append("   \"").Append(OneLine(snippet.ToMarkedText())).Append("\"\n");
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

    // A renderer per message: a renderer keeps every component it rendered until it is disposed.
    private static async Task<string> HtmlAsync(Dictionary<string, object?> parameters)
    {
        await using var renderer = new HtmlRenderer(RendererServices, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<DigestHtml>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    /// <summary>
    /// The pieces of <paramref name="snippet"/>'s text in order, each marked or not; a mark that overlaps the one
    /// before it or runs past the text is left out, as <see cref="MatchSnippet.Render"/> leaves it out.
    /// </summary>
    internal static IEnumerable<(string Text, bool Marked)> Segments(MatchSnippet snippet)
    {
        var at = 0;
        foreach (var mark in snippet.Marks)
        {
            if (mark.Start < at || mark.Start + mark.Length > snippet.Text.Length)
            {
                continue;
            }

            yield return (Displayable(snippet.Text[at..mark.Start]), false);
            yield return (Displayable(snippet.Text.Substring(mark.Start, mark.Length)), true);
            at = mark.Start + mark.Length;
        }

        yield return (Displayable(snippet.Text[at..]), false);
    }

    internal static string SourceNames(DigestStory story) => string.Join(" · ", story.Sources.Select(s => OneLine(s.Name)));

    internal static string ArticlesNote(DigestStory story) =>
        story.ArticleCount > 1 ? $" ({story.ArticleCount.ToString(CultureInfo.InvariantCulture)} articles)" : string.Empty;
}
