using Microsoft.Extensions.Options;
using MimeKit;
using NewsAlerts.Digests;
using NewsAlerts.Email;

namespace NewsAlerts.Digests;

public class DigestComposerTests
{
    private static readonly DigestComposer Composer = new(Options.Create(new EmailOptions { From = "NewsAlerts <digest@alerts.example>" }), Options.Create(new DigestsOptions { MaxStories = 3 }));

    private static DigestStory Story(string title, string? url = null, string? summary = "A summary.", string[]? watchlists = null, DigestSource[]? sources = null) =>
        new() { StoryId = "s1", Title = title, Summary = summary, Url = url, Sources = sources ?? [new("Gazette")], Watchlists = watchlists ?? ["Ports"], Terms = ["Rotterdam"] };

    [Fact]
    public async Task DigestIsMultipartAlternativeWithTextAndHtml()
    {
        var message = await Composer.ComposeAsync("alice@example.com", "20261124T0900Z", [Story("Strike at Rotterdam")]);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("alice@example.com", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("digest@alerts.example", Assert.Single(message.From.Mailboxes).Address);
        Assert.Contains("Strike at Rotterdam", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Strike at Rotterdam", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Matched Ports: Rotterdam", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Gazette", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Gazette", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AComposedDigestIsNotKeptAliveByTheComposer()
    {
        // Composed in a method of its own, so no local of this one still refers to the message.
        var composed = await ComposeAndLetGoAsync();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(composed.TryGetTarget(out _), "the composer still refers to a message it composed: a digest run's memory would grow with every digest");
    }

    [Fact]
    public void SubjectNamesCountWatchlistsAndTopStory()
    {
        Assert.Equal("1 new story for Ports: Strike", DigestComposer.Subject([Story("Strike")]));
        Assert.Equal(
            "3 new stories for Ports, Energy and 1 more: First",
            DigestComposer.Subject([Story("First", watchlists: ["Ports", "Energy"]), Story("Second", watchlists: ["Markets"]), Story("Third")]));
    }

    [Fact]
    public void SubjectHasNoLineBreaksFromArticleTextAndIsBounded()
    {
        var subject = DigestComposer.Subject([Story("Line one\r\nBcc: victim@example.com\n" + new string('x', 400))]);
        Assert.DoesNotContain('\n', subject);
        Assert.DoesNotContain('\r', subject);
        Assert.True(subject.Length <= DigestComposer.MaxSubjectLength);
        Assert.EndsWith("…", subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutboxFileIsSevenBitCrlfWithEveryTextPartEncodedAndNoLineOver998Characters()
    {
        var longWord = string.Concat(Enumerable.Repeat("Rotterdam", 900));
        var summary = string.Join(' ', Enumerable.Repeat("Dock workers in Rotterdam and S\u00e3o Paulo walked out.", 200));
        var stories = Enumerable.Range(1, 6).Select(i => Story($"Strike {i} at Rotterdam \u2014 d\u00e9j\u00e0 vu {longWord}", $"https://example.org/{i}", summary)).ToList();
        var message = await Composer.ComposeAsync("alice@example.com", "20261124T0900Z", stories);

        var outbox = Directory.CreateTempSubdirectory("newsalerts-outbox-").FullName;
        var path = await new PickupDirectoryEmailSender(Options.Create(new EmailOptions { PickupDirectory = outbox }), TimeProvider.System).SendAsync(message);
        var bytes = await File.ReadAllBytesAsync(path);
        Directory.Delete(outbox, recursive: true);

        Assert.All(bytes, b => Assert.True(b < 0x80, "a byte over 7 bits"));
        var lines = System.Text.Encoding.ASCII.GetString(bytes).Split("\r\n");
        Assert.All(lines, line => Assert.True(line.Length <= 998 && !line.Contains('\n', StringComparison.Ordinal), $"a line of {line.Length} characters"));
        var parts = message.BodyParts.OfType<TextPart>().ToList();
        Assert.Equal(2, parts.Count);
        Assert.All(parts, part => Assert.NotEqual(ContentEncoding.Default, part.ContentTransferEncoding));
        Assert.All(parts, part => Assert.NotNull(part.Headers[HeaderId.ContentTransferEncoding]));

        var read = await MimeMessage.LoadAsync(new MemoryStream(bytes));
        Assert.Contains("d\u00e9j\u00e0 vu", read.TextBody, StringComparison.Ordinal);
        Assert.Contains(longWord, read.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LineBreaksAndBidiControlsInStoredArticleTextReachNeitherPart()
    {
        var item = new DigestItem
        {
            ArticleId = "a1",
            Title = "Rates \u202Eheld\u202C\r\nBcc: x@example.com",
            Summary = "The bank\u200B held rates.",
            Source = "Capital\r\nLedger\u2066",
            Url = "https://example.org/rates",
            StoryId = "s1",
            Watchlist = "Markets",
            Terms = ["rates"],
        };
        var message = await Composer.ComposeAsync("alice@example.com", "20261124T0900Z", DigestStory.Group([item]));

        foreach (var body in new[] { message.TextBody, message.HtmlBody })
        {
            Assert.Contains("Capital Ledger", body, StringComparison.Ordinal);
            Assert.Contains("Rates held Bcc: x@example.com", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Capital\r\nLedger", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Capital\nLedger", body, StringComparison.Ordinal);
            Assert.DoesNotMatch("[\u202A-\u202E\u2066-\u2069\u200B]", body);
        }
    }

    [Fact]
    public async Task EveryPieceOfArticleTextIsHtmlEncoded()
    {
        var story = new DigestStory { StoryId = "s", Title = "<script>alert(1)</script> & \"quotes\"", Summary = "<img src=x onerror=alert(2)>", Url = "https://example.org/?a=1&b=\"2\"", Sources = [new("<b>Src</b>")], Watchlists = ["<i>W</i>"], Terms = ["<t>"] };
        var html = (await Composer.ComposeAsync("a@example.com", "d", [story])).HtmlBody;
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Src", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>W", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<t>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCharacterFromAnArticleReordersOrHidesTextInTheSubjectOrEitherPart()
    {
        // U+202E shows "Invoice \u202Efdp.exe" as "Invoice exe.pdf"; the isolates, the zero-width space and the
        // byte-order mark hide or reorder text the same way.
        char[] misleading = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200B', '\u2060', '\uFEFF'];
        var snippet = new Matching.MatchSnippet("Dock workers at Rotter\u200Bdam \u2067stopped\u2069 work.", [new Matching.SnippetMark(16, 10)]);
        var story = new DigestStory
        {
            StoryId = "s",
            Title = "Invoice \u202Efdp.exe",
            Summary = "Paid \u2066\u202E0001\u2069 euros\uFEFF.",
            Sources = [new("Gazette\u202D", "https://gazette.example/a")],
            Snippets = [snippet],
            Watchlists = ["Ports"],
            Terms = ["Rotterdam"],
        };

        var message = await Composer.ComposeAsync("a@example.com", "d", [story]);

        foreach (var text in new[] { message.Subject!, message.TextBody!, message.HtmlBody! })
        {
            Assert.DoesNotContain(text, c => misleading.Contains(c));
        }

        Assert.EndsWith("Invoice fdp.exe", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Paid 0001 euros.", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<mark class=\"na-mark\" style=\"background:#fde68a;color:#111827;padding:0 2px;border-radius:2px;\">Rotterdam</mark>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("\"Dock workers at *Rotterdam* stopped work.\"", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void TheJoinersThatScriptsNeedAreKeptAndDirectionMarksAreNot()
    {
        // A Persian word with a zero-width non-joiner and an emoji sequence with a zero-width joiner keep them; the
        // direction marks of an Arabic title go with the other bidi controls (DisplayText), and the title still reads.
        foreach (var text in new[] { "می\u200Cخواهم", "👩\u200D💻 coders" })
        {
            Assert.Equal(text, DigestComposer.OneLine(text));
        }

        Assert.Equal("خبر ACME", DigestComposer.OneLine("\u200Fخبر \u200EACME"));
    }

    [Fact]
    public async Task TitlesAreLinkedOnlyWhenAUrlIsKnown()
    {
        var html = (await Composer.ComposeAsync("a@example.com", "d", [Story("Linked", url: "https://example.org/x"), Story("Plain")])).HtmlBody!;
        Assert.Contains("<a class=\"na-link\" href=\"https://example.org/x\"", html, StringComparison.Ordinal);
        Assert.Single(html.Split("<a ").Skip(1));
    }

    [Fact]
    public async Task EachSourceOfAStoryLinksToItsOwnReportInBothParts()
    {
        var story = Story("Strike at Rotterdam", url: "https://gazette.example/strike", sources: [new("Harbour Gazette", "https://gazette.example/strike"), new("Wire", "https://wire.example/rotterdam"), new("Radio Maas")]);

        var message = await Composer.ComposeAsync("a@example.com", "d", [story]);

        Assert.Contains(">Harbour Gazette</a> · <a class=\"na-link\" href=\"https://wire.example/rotterdam\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(" · Radio Maas", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("   Harbour Gazette · Wire · Radio Maas\n   Harbour Gazette: https://gazette.example/strike\n   Wire: https://wire.example/rotterdam\n", message.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoriesPastTheLimitAreListedByTitleAfterAndKMore()
    {
        var stories = Enumerable.Range(1, 5).Select(i => Story($"Story {i}", url: $"https://example.org/{i}")).ToList();
        var message = await Composer.ComposeAsync("a@example.com", "d", stories);

        Assert.StartsWith("5 new stories for Ports: Story 1", message.Subject, StringComparison.Ordinal);
        Assert.Contains("And 2 more stories:\n- Story 4 <https://example.org/4>\n- Story 5 <https://example.org/5>", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("And 2 more stories</p>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("3. Story 3", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("4. Story 4", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MatchedTermsAreHighlighted()
    {
        var html = (await Composer.ComposeAsync("a@example.com", "d", [Story("T")])).HtmlBody;
        Assert.Contains(">Rotterdam</mark>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlHasADarkVariantAndWrapsLongWords()
    {
        var html = (await Composer.ComposeAsync("a@example.com", "d", [Story(new string('x', 300))])).HtmlBody;
        Assert.Contains("@media (prefers-color-scheme: dark)", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"color-scheme\" content=\"light dark\">", html, StringComparison.Ordinal);
        Assert.Contains("overflow-wrap:anywhere", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageIdIsDerivedFromSubscriberAndDigest()
    {
        var first = (await Composer.ComposeAsync("Alice@Example.com", "20261124T0900Z", [Story("x")])).MessageId;
        Assert.Equal(first, (await Composer.ComposeAsync("alice@example.com", "20261124T0900Z", [Story("y")])).MessageId);
        Assert.NotEqual(first, (await Composer.ComposeAsync("alice@example.com", "20261124T1000Z", [Story("x")])).MessageId);
        Assert.EndsWith("@alerts.example", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlHasNoScriptsOrRemoteResources()
    {
        var html = (await Composer.ComposeAsync("a@example.com", "d", [Story("T")])).HtmlBody;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<WeakReference<MimeMessage>> ComposeAndLetGoAsync() =>
        new(await Composer.ComposeAsync("alice@example.com", "20261124T0900Z", [Story("Strike at Rotterdam")]));
}
