using System.Globalization;
using NewsAlerts.Text;

namespace NewsAlerts.Articles;

/// <summary>
/// Reads an uploaded file into an <see cref="ArticleDocument"/>: decodes its text, picks the format by
/// extension (or by sniffing the content when the extension says nothing), and applies blob metadata
/// (<c>title</c>, <c>source</c>, <c>url</c>, <c>published</c>), which overrides what the file says.
/// </summary>
public static class ArticleReader
{
    /// <summary>Longest title kept; longer titles are cut at a word boundary.</summary>
    public const int MaxTitleLength = 300;

    private const int MaxSourceLength = 200;
    private const int MaxUrlLength = 2048;

    /// <summary>Reads <paramref name="content"/>, uploaded as <paramref name="fileName"/>.</summary>
    /// <exception cref="ArticleRejectedException">The file is not a readable article; the message says why.</exception>
    public static ArticleDocument Read(ReadOnlySpan<byte> content, string fileName, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var (text, encoding) = ArticleText.Decode(content);
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArticleRejectedException("empty: the file holds only white space");
        }

        var format = FormatOf(fileName, text);
        var parsed = format switch
        {
            "html" => HtmlFormat.Parse(text),
            "json" => JsonFormat.Parse(text),
            "markdown" => MarkdownFormat.Parse(text),
            _ => PlainTextFormat.Parse(text),
        };

        // What a reader will see is cleaned once, here, before anything is matched, summarized or stored: no bidi
        // override can reorder a title and no zero-width space can split a word a watchlist looks for.
        var body = DisplayText.Block(parsed.Body).Trim();
        var stated = DisplayLine(Metadata(metadata, "title") ?? parsed.Title);

        // A headline without text (a title-only feed item) is an article: its stated title is what it says. An HTML
        // page without text is not: its extraction found nothing, and its title alone is rarely the news.
        if (body.Length == 0 && (stated is null || format == "html"))
        {
            throw new ArticleRejectedException($"no text: the {format} file holds no article text");
        }

        var title = stated ?? DisplayLine(TitleFromFileName(fileName)) ?? "Untitled article";
        return new ArticleDocument
        {
            Title = Bound(title, MaxTitleLength),
            Body = body,
            Source = BoundOrNull(DisplayLine(Metadata(metadata, "source") ?? parsed.Source), MaxSourceLength),
            Url = WebUrl(Metadata(metadata, "url") ?? parsed.Url),
            PublishedAt = Plausible(ParseDate(Metadata(metadata, "published")) ?? parsed.PublishedAt),
            Format = format,
            Encoding = encoding,
        };
    }

    private static string? DisplayLine(string? text) => text is null ? null : DisplayText.Line(text) is { Length: > 0 } line ? line : null;

    private static string FormatOf(string fileName, string text)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        switch (extension)
        {
            case ".html" or ".htm" or ".xhtml":
                return "html";
            case ".json":
                return "json";
            case ".md" or ".markdown":
                return "markdown";
            case ".txt" or ".text":
                return "text";
        }

        var start = text.TrimStart();
        if (start.StartsWith('{'))
        {
            return "json";
        }

        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            ? "html"
            : "text";
    }

    private static string? Metadata(IReadOnlyDictionary<string, string>? metadata, string key)
    {
        if (metadata is null)
        {
            return null;
        }

        foreach (var (name, value) in metadata)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value))
            {
                // Metadata travels in HTTP headers, which are ASCII: non-ASCII values arrive percent-encoded.
                return value.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(value).Trim() : value.Trim();
            }
        }

        return null;
    }

    private static string TitleFromFileName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName.Replace('\\', '/').Split('/')[^1]).Replace('-', ' ').Replace('_', ' ').Trim();
        return name.Length > 0 ? name : "Untitled article";
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="max"/> characters at a word boundary.</summary>
    internal static string Bound(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        if (cut < max / 2)
        {
            cut = max - 1;
        }

        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut].TrimEnd() + "…";
    }

    private static string? BoundOrNull(string? text, int max) => text is null ? null : Bound(text, max);

    /// <summary>Only absolute http(s) URLs are kept: the digest links to them.</summary>
    private static string? WebUrl(string? url) =>
        url is { Length: <= MaxUrlLength } && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    private static DateTimeOffset? ParseDate(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    // Table storage holds dates from 1601 on; a date outside a plausible range is a typo, not a fact.
    private static DateTimeOffset? Plausible(DateTimeOffset? date) => date is { Year: >= 1900 and <= 2200 } ? date : null;
}
