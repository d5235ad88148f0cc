using System.Text;
using NewsAlerts.Articles;

namespace NewsAlerts.Articles;

public class ArticleReaderTests
{
    private static ArticleDocument Read(string text, string name, IReadOnlyDictionary<string, string>? metadata = null) =>
        ArticleReader.Read(Encoding.UTF8.GetBytes(text), name, metadata);

    private static string Rejection(byte[] bytes, string name)
    {
        var ex = Assert.Throws<ArticleRejectedException>(() => ArticleReader.Read(bytes, name));
        return ex.Message;
    }

    [Fact]
    public void TextFileFirstLineIsTheTitleWhenItLooksLikeOne()
    {
        var article = Read("Port strike enters second day\n\nDock workers stayed out on Tuesday. Talks resume Friday.", "strike.txt");
        Assert.Equal("Port strike enters second day", article.Title);
        Assert.Equal("Dock workers stayed out on Tuesday. Talks resume Friday.", article.Body);
        Assert.Equal("text", article.Format);
    }

    [Fact]
    public void TextFileWhoseFirstLineIsASentenceTakesItsTitleFromTheFileName()
    {
        var article = Read("Dock workers stayed out on Tuesday, and the port was quiet.\nTalks resume Friday.", "port-strike_day-two.txt");
        Assert.Equal("port strike day two", article.Title);
        Assert.StartsWith("Dock workers stayed out", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownHeadingIsTheTitleAndSyntaxIsRemovedFromTheBody()
    {
        const string Markdown = "---\nsource: Harbour Gazette\nurl: https://example.org/a\ndate: 2026-11-20\n---\n# Strike at the port\n\nWorkers **walked out** at [Rotterdam](https://example.org/r) on *Monday*.\n\n- first point\n- second point\n\n![map](map.png)\n## Background\nTalks failed.";
        var article = Read(Markdown, "a.md");
        Assert.Equal("Strike at the port", article.Title);
        Assert.Equal("Harbour Gazette", article.Source);
        Assert.Equal("https://example.org/a", article.Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Contains("Workers walked out at Rotterdam on Monday.", article.Body, StringComparison.Ordinal);
        Assert.Contains("first point", article.Body, StringComparison.Ordinal);
        Assert.Contains("Background", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("**", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("](", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("map.png", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownKeepsUnderscoresInsideWords()
    {
        var article = Read("# Title\n\nThe variable snake_case_name stays.", "a.md");
        Assert.Contains("snake_case_name", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownFrontMatterThatIsNotYamlIsReadAsTextNotAsTitle()
    {
        var article = Read("---\ntitle: \"unterminated\nsource: Gazette\n---\n# Harbour reopens\n\nShips sailed again.", "a.md");
        Assert.Equal("Harbour reopens", article.Title);
        Assert.Null(article.Source);
        Assert.StartsWith("title: \"unterminated\nsource: Gazette", article.Body, StringComparison.Ordinal);
        Assert.EndsWith("Ships sailed again.", article.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("---\ntitle: \"unterminated\n---\nHarbour reopens\n\nShips sailed again.")]
    [InlineData("---\ntitle: \"unterminated\n\nHarbour reopens\n\nShips sailed again.")]
    public void BrokenFrontMatterWithoutAHeadingNeverGivesTheTitle(string markdown)
    {
        var article = Read(markdown, "a.md");
        Assert.Equal("Harbour reopens", article.Title);
        Assert.Equal("title: \"unterminated\n\nShips sailed again.", article.Body);
    }

    [Fact]
    public void BrokenFrontMatterAloneTakesTheTitleFromTheFileName()
    {
        var article = Read("---\ntitle: \"unterminated\n---\nShips sailed again on Monday after the strike.", "harbour-reopens.md");
        Assert.Equal("harbour reopens", article.Title);
    }

    [Fact]
    public void MarkdownFrontMatterIsYamlSoQuotedValuesMayHoldColonsAndQuotes()
    {
        var article = Read("---\ntitle: 'Strike: it''s day two'\ntags: [ports, labour]\n---\nWorkers stayed out.", "a.md");
        Assert.Equal("Strike: it's day two", article.Title);
        Assert.Equal("Workers stayed out.", article.Body);
    }

    [Fact]
    public void MarkdownHeadingEntitiesAreDecodedToText()
    {
        var article = Read("# Why &lt;b&gt; tags &amp; entities matter\n\nA body with &eacute; and `<code>`.", "a.md");
        Assert.Equal("Why <b> tags & entities matter", article.Title);
        Assert.Equal("A body with é and <code>.", article.Body);
    }

    [Fact]
    public void MarkdownFrontMatterTitleEntitiesAreDecodedToText()
    {
        var article = Read("---\ntitle: \"Why &lt;b&gt; tags &amp; entities matter\"\n---\nA body.", "a.md");
        Assert.Equal("Why <b> tags & entities matter", article.Title);
    }

    [Fact]
    public void MarkdownSetextHeadingQuoteAndHtmlBlockBecomePlainText()
    {
        var article = Read("Harbour reopens\n===============\n\n> Ships *sailed*\n> again.\n\n<div class=\"note\"><p>Port <b>open</b></p></div>\n", "a.md");
        Assert.Equal("Harbour reopens", article.Title);
        Assert.Equal("Ships sailed\nagain.\n\nPort open", article.Body);
    }

    [Fact]
    public void HtmlTakesTitleAndFactsFromMetadataAndBodyFromTheMainContent()
    {
        const string Html = """
            <html><head><title>Site | Rates held</title>
            <meta property="og:title" content="Rates held at 4.5%">
            <meta property="og:site_name" content="Capital Ledger">
            <meta property="article:published_time" content="2026-11-19T14:00:00Z">
            <link rel="canonical" href="https://example.org/rates"></head>
            <body><nav>Home Markets</nav><article><h1>Rates held at 4.5%</h1>
            <p>The central bank held rates.</p><p>Inflation <b>cooled</b> to 2.8%.</p></article>
            <footer>Copyright</footer></body></html>
            """;
        var article = Read(Html, "rates.html");
        Assert.Equal("Rates held at 4.5%", article.Title);
        Assert.Equal("Capital Ledger", article.Source);
        Assert.Equal("https://example.org/rates", article.Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 14, 0, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal("The central bank held rates.\n\nInflation cooled to 2.8%.", article.Body);
    }

    [Fact]
    public void HtmlWithoutArticleElementKeepsTheStoryAndDropsLinkListsAroundIt()
    {
        var paragraph = "Dock workers at the port of Rotterdam began a 48-hour strike on Monday after talks over night-shift pay broke down, and shipping lines said vessels would be diverted to Antwerp and Hamburg.";
        var related = string.Concat(Enumerable.Range(1, 12).Select(i => $"<li><a href=\"/s/{i}\">Related story number {i} about the harbour</a></li>"));
        var html = $"""
            <html><head><title>Strike at the port | Harbour Gazette</title></head><body>
            <div class="header"><a href="/">Harbour Gazette</a> <a href="/ports">Ports</a> <a href="/energy">Energy</a></div>
            <div class="story-body"><h1>Strike at the port</h1><p>{paragraph}</p><p>{paragraph}</p><p>{paragraph}</p></div>
            <div class="sidebar"><h3>Most read</h3><ul>{related}</ul></div>
            </body></html>
            """;
        var article = Read(html, "strike.html");
        Assert.Equal(string.Join("\n\n", Enumerable.Repeat(paragraph, 3)), article.Body);
    }

    [Fact]
    public void HtmlFullOfScriptsKeepsOnlyTheText()
    {
        var scripts = string.Concat(Enumerable.Repeat("<script>alert('x'); document.write('<p>injected</p>');</script>", 50));
        var article = Read($"<html><head><script src=a.js></script><style>p{{}}</style></head><body>{scripts}<p>Real news text.</p><noscript>Enable JS</noscript>{scripts}</body></html>", "page.html");
        Assert.Equal("Real news text.", article.Body);
    }

    [Fact]
    public void HtmlWithOnlyScriptsIsRejectedAsHavingNoText()
    {
        var reason = Rejection(Encoding.UTF8.GetBytes("<html><body><script>var a = 1;</script></body></html>"), "x.html");
        Assert.Equal("no text: the html file holds no article text", reason);
    }

    [Theory]
    [InlineData("headline.md", "---\ntitle: Ferry aground off Lampedusa\nsource: Wire\n---\n")]
    [InlineData("headline.json", """{"title": "Ferry aground off Lampedusa", "source": "Wire"}""")]
    public void AStatedHeadlineWithoutTextIsATitleOnlyArticle(string name, string content)
    {
        var article = Read(content, name);

        Assert.Equal(("Ferry aground off Lampedusa", string.Empty), (article.Title, article.Body));
    }

    [Theory]
    [InlineData("x.html", "<html><head><title>Ferry aground</title></head><body><script>render()</script></body></html>", "no text: the html file holds no article text")]
    [InlineData("x.md", "---\nsource: Wire\n---\n", "no text: the markdown file holds no article text")]
    public void WithoutTextAnHtmlPageOrAnUntitledFileIsRejected(string name, string content, string expected)
    {
        Assert.Equal(expected, Rejection(Encoding.UTF8.GetBytes(content), name));
    }

    [Fact]
    public void JsonArticleReadsItsFields()
    {
        var article = Read("""{"title": "Wind auction", "content": "Record bids.", "source": "OEW", "url": "https://example.org/w", "publishedAt": "2026-11-18T08:00:00Z"}""", "w.json");
        Assert.Equal("Wind auction", article.Title);
        Assert.Equal("Record bids.", article.Body);
        Assert.Equal("OEW", article.Source);
        Assert.Equal("https://example.org/w", article.Url);
        Assert.Equal(2026, article.PublishedAt!.Value.Year);
        Assert.Equal("json", article.Format);
    }

    [Fact]
    public void JsonBodyThatIsHtmlIsReadAsHtml()
    {
        var article = Read("""{"title": "T", "body": "<p>First.</p><p>Second <script>x()</script>para.</p>"}""", "a.json");
        Assert.Equal("First.\n\nSecond para.", article.Body);
    }

    [Fact]
    public void JsonThatDoesNotParseIsRejectedWithItsPosition()
    {
        var reason = Rejection(Encoding.UTF8.GetBytes("{\n  \"title\": \"x\",\n  \"body\": oops\n}"), "bad.json");
        Assert.StartsWith("invalid JSON at line 3, position", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidJsonNestedTooDeepIsRejectedNamingTheLimit()
    {
        var json = "{\"title\": \"x\", \"extra\": " + new string('[', 5000) + new string(']', 5000) + "}";
        Assert.Equal("invalid article JSON: nested deeper than 64 levels (an article is one object of text fields)", Rejection(Encoding.UTF8.GetBytes(json), "deep.json"));
    }

    [Fact]
    public void InvalidJsonNestedDeepIsRejectedAsNotParsing()
    {
        var json = "{\"title\": " + new string('[', 5000);
        Assert.EndsWith("the file does not parse", Rejection(Encoding.UTF8.GetBytes(json), "deep.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void JsonFieldsOfTheWrongTypeAreIgnored()
    {
        var article = Read("{\"title\": 42, \"body\": \"Ships sailed again.\", \"source\": [\"a\"], \"url\": {\"x\": 1}, \"publishedAt\": true}", "a.json");
        Assert.Equal("a", article.Title);
        Assert.Equal("Ships sailed again.", article.Body);
        Assert.Null(article.Source);
        Assert.Null(article.Url);
        Assert.Null(article.PublishedAt);
    }

    [Fact]
    public void LineBreaksAndBidiControlsInJsonFieldsDoNotReachTheTitleOrSource()
    {
        var article = Read("{\"title\": \"Rates\\r\\nheld \\u202Eexe.txt\", \"source\": \"Capital\\r\\nLedger\\nBcc: x@example.com\", \"body\": \"Pay\\u200Bpal news.\\u2066\"}", "a.json");
        Assert.Equal("Rates held exe.txt", article.Title);
        Assert.Equal("Capital Ledger Bcc: x@example.com", article.Source);
        Assert.Equal("Paypal news.", article.Body);
    }

    [Fact]
    public void JsonWithNeitherTitleNorBodyIsRejected()
    {
        Assert.Equal("invalid article JSON: no \"title\" and no \"body\" or \"content\" text", Rejection(Encoding.UTF8.GetBytes("""{"source": "x"}"""), "a.json"));
        Assert.StartsWith("invalid article JSON: expected an object", Rejection(Encoding.UTF8.GetBytes("[1, 2]"), "a.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void BlobMetadataOverridesTheFileAndMayBePercentEncoded()
    {
        var metadata = new Dictionary<string, string>
        {
            ["Title"] = "S%C3%A3o%20Paulo%20metro%20opens",
            ["source"] = "Metro Desk",
            ["url"] = "https://example.org/metro",
            ["published"] = "2026-11-21T10:00:00Z",
        };
        var article = Read("Some title\n\nBody text here.", "m.txt", metadata);
        Assert.Equal("São Paulo metro opens", article.Title);
        Assert.Equal("Metro Desk", article.Source);
        Assert.Equal("https://example.org/metro", article.Url);
        Assert.Equal(21, article.PublishedAt!.Value.Day);
    }

    [Fact]
    public void OnlyWebUrlsAreKept()
    {
        var article = Read("""{"title": "T", "body": "B", "url": "javascript:alert(1)"}""", "a.json");
        Assert.Null(article.Url);
    }

    [Fact]
    public void AUrlKeepsNoCharacterThatReordersItsText()
    {
        var article = Read("{\"title\": \"T\", \"body\": \"B\", \"url\": \"https://example.org/\u202Efdp.exe\"}", "a.json");
        Assert.Equal("https://example.org/%E2%80%AEfdp.exe", article.Url);
    }

    [Fact]
    public void ImplausibleDatesAreDropped()
    {
        var article = Read("""{"title": "T", "body": "B", "publishedAt": "0001-01-01T00:00:00Z"}""", "a.json");
        Assert.Null(article.PublishedAt);
    }

    [Fact]
    public void LongTitlesAreCutAtAWordBoundary()
    {
        var title = string.Join(' ', Enumerable.Repeat("headline", 100));
        var article = Read($$"""{"title": "{{title}}", "body": "B"}""", "a.json");
        Assert.True(article.Title.Length <= ArticleReader.MaxTitleLength + 1);
        Assert.EndsWith("headline…", article.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8WithAndWithoutByteOrderMarkIsRead()
    {
        var text = "Title\n\nKraków and Zürich – “quoted”.";
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        Assert.Equal("Kraków and Zürich – “quoted”.", ArticleReader.Read(withBom, "a.txt").Body);
        Assert.Equal("Kraków and Zürich – “quoted”.", ArticleReader.Read(Encoding.UTF8.GetBytes(text), "a.txt").Body);
        Assert.Equal("utf-8", ArticleReader.Read(withBom, "a.txt").Encoding);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Utf16WithByteOrderMarkIsRead(string encodingName)
    {
        var encoding = encodingName == "utf-16le" ? new UnicodeEncoding(false, true) : new UnicodeEncoding(true, true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes("Séoul summit\n\nLeaders met in Séoul.")).ToArray();
        var article = ArticleReader.Read(bytes, "a.txt");
        Assert.Equal("Séoul summit", article.Title);
        Assert.Equal(encodingName, article.Encoding);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16WithoutByteOrderMarkIsRecognizedNotRejectedAsBinary(bool bigEndian)
    {
        var bytes = new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes("Caf\u00e9 owners protest\n\nOwners in Rotterdam protested on Monday.");
        var article = ArticleReader.Read(bytes, "a.txt");
        Assert.Equal("Caf\u00e9 owners protest", article.Title);
        Assert.Equal(bigEndian ? "utf-16be" : "utf-16le", article.Encoding);
    }

    [Fact]
    public void InvalidUtf8IsReadAsWindows1252()
    {
        // 0x93/0x94 are curly quotes and 0xE9 is é in Windows-1252; none is valid UTF-8 here.
        var bytes = Encoding.ASCII.GetBytes("Caf? news\n\nHe said ?hello? at the caf?.").ToArray();
        bytes[3] = 0xE9;
        bytes[19] = 0x93;
        bytes[25] = 0x94;
        bytes[^2] = 0xE9;
        var article = ArticleReader.Read(bytes, "a.txt");
        Assert.Equal("windows-1252", article.Encoding);
        Assert.Equal("Café news", article.Title);
        Assert.Equal("He said “hello” at the café.", article.Body);
    }

    [Fact]
    public void NonBreakingSpacesAndTypographicQuotesAreKeptInStoredText()
    {
        var article = Read("Title\n\nKim\u00A0Jong\u00A0Un’s “visit”.", "a.txt");
        Assert.Equal("Kim\u00A0Jong\u00A0Un’s “visit”.", article.Body);
    }

    [Fact]
    public void EmptyFileIsRejectedAsEmpty()
    {
        Assert.Equal("empty: the file has no content", Rejection([], "a.txt"));
        Assert.Equal("empty: the file holds only white space", Rejection(Encoding.UTF8.GetBytes(" \n\t\n"), "a.txt"));
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A }, "a PDF document")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D }, "a PNG image")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "a JPEG image")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0 }, "a ZIP archive (or a Word, Excel or EPUB file)")]
    public void BinaryFilesAreRejectedByTheirSignature(byte[] bytes, string what)
    {
        Assert.Equal($"binary content: the file is {what}, not text", Rejection(bytes, "article.txt"));
    }

    [Fact]
    public void BytesWithNulAreRejectedAsBinary()
    {
        Assert.Equal("binary content: the file holds NUL bytes, so it is not text", Rejection([0x41, 0x00, 0x42, 0x43], "a.txt"));
    }

    [Fact]
    public void ControlCharacterNoiseIsRejectedAsBinary()
    {
        var bytes = Enumerable.Range(0, 400).Select(i => (byte)(i % 2 == 0 ? 0x01 : 0x41)).ToArray();
        Assert.Equal("binary content: the file is mostly control characters, not text", Rejection(bytes, "a.txt"));
    }

    [Fact]
    public void UnknownExtensionIsSniffedFromContent()
    {
        Assert.Equal("json", ArticleReader.Read(Encoding.UTF8.GetBytes("""{"title":"T","body":"B"}"""), "feed-item").Format);
        Assert.Equal("html", ArticleReader.Read(Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><p>B</p></body></html>"), "page").Format);
        Assert.Equal("text", ArticleReader.Read(Encoding.UTF8.GetBytes("Just words."), "note").Format);
    }
}
