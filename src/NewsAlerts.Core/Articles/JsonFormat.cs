using System.Globalization;
using System.Text.Json;

namespace NewsAlerts.Articles;

/// <summary>
/// Reads <c>.json</c> articles: an object with <c>title</c>, <c>body</c> or <c>content</c>, <c>source</c>,
/// <c>url</c> and <c>publishedAt</c>. A body that is HTML is read as HTML.
/// </summary>
internal static class JsonFormat
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 };

    public static ParsedArticle Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new ArticleRejectedException(
                $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}: the file does not parse", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArticleRejectedException($"invalid article JSON: expected an object with \"title\" and \"body\", found {Describe(document.RootElement.ValueKind)}");
            }

            var root = document.RootElement;
            var title = Text(root, "title");
            var body = Text(root, "body") ?? Text(root, "content") ?? Text(root, "text");
            if (body is null && title is null)
            {
                throw new ArticleRejectedException("invalid article JSON: no \"title\" and no \"body\" or \"content\" text");
            }

            // A headline alone is a title-only article.
            body ??= string.Empty;

            if (body.Contains("</", StringComparison.Ordinal) || body.Contains("<p", StringComparison.OrdinalIgnoreCase) || body.Contains("<br", StringComparison.OrdinalIgnoreCase))
            {
                body = HtmlFormat.FragmentText(body);
            }

            var published = Text(root, "publishedAt") ?? Text(root, "published") ?? Text(root, "date");
            return new ParsedArticle(
                title,
                body.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(),
                Text(root, "source"),
                Text(root, "url"),
                DateTimeOffset.TryParse(published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null);
        }
    }

    private static string? Text(JsonElement root, string name)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(property.Value.GetString())
                    ? property.Value.GetString()
                    : null;
            }
        }

        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a " + kind.ToString().ToLowerInvariant(),
    };
}
