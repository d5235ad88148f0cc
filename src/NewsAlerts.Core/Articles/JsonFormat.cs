using System.Globalization;
using System.Text.Json;

namespace NewsAlerts.Articles;

/// <summary>
/// Reads <c>.json</c> articles: an object with <c>title</c>, <c>body</c> or <c>content</c>, <c>source</c>,
/// <c>url</c> and <c>publishedAt</c>. A body that is HTML is read as HTML.
/// </summary>
internal static class JsonFormat
{
    /// <summary>Deepest nesting read. An article is a flat object; a deeper file is refused before it costs a deep parse.</summary>
    internal const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth };

    public static ParsedArticle Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex) when (NestedDeeperThanLimit(json))
        {
            throw new ArticleRejectedException($"invalid article JSON: nested deeper than {MaxDepth} levels (an article is one object of text fields)", ex);
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

    /// <summary>Whether <paramref name="json"/> is valid JSON refused only for its depth: read again with no depth limit.</summary>
    private static bool NestedDeeperThanLimit(string json)
    {
        // The reader keeps no stack of values, so an unlimited depth costs no more than a flat file.
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json), new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = int.MaxValue,
        });
        var deepest = 0;
        try
        {
            while (reader.Read())
            {
                deepest = Math.Max(deepest, reader.CurrentDepth);
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return deepest >= MaxDepth;
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
