using System.Text;
using System.Text.Json;

namespace NewsAlerts.Summaries;

/// <summary>
/// The JSON a model is asked to return, and the checks that turn it into a <see cref="Summary"/>:
/// shape, length bounds, and no markup, whatever the article asked the model to do.
/// </summary>
internal static class ModelSummaryOutput
{
    /// <summary>Most words in a summary.</summary>
    public const int MaxSummaryWords = 60;

    private const int MaxKeyPoints = 5;
    private const int MaxKeyPointWords = 30;
    private const int MaxEntities = 12;

    /// <summary>The JSON schema of the answer (strict structured outputs: every property required, no extras).</summary>
    public static JsonElement Schema { get; } = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "summary": { "type": "string", "description": "At most 60 words of plain text in the article's own language: what happened, who, where, when." },
            "keyPoints": { "type": "array", "items": { "type": "string" }, "description": "3 to 5 short key points, plain text." },
            "entities": {
              "type": "object",
              "properties": {
                "people": { "type": "array", "items": { "type": "string" } },
                "organizations": { "type": "array", "items": { "type": "string" } },
                "places": { "type": "array", "items": { "type": "string" } }
              },
              "required": ["people", "organizations", "places"],
              "additionalProperties": false
            },
            "language": { "type": "string", "description": "ISO 639-1 code of the article's language, e.g. en." }
          },
          "required": ["summary", "keyPoints", "entities", "language"],
          "additionalProperties": false
        }
        """).RootElement.Clone();

    /// <summary>Reads and cleans a model's answer; null when it is not a usable summary.</summary>
    public static ParsedOutput? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("summary", out var summaryElement) || summaryElement.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var summary = BoundWords(Plain(summaryElement.GetString()!), MaxSummaryWords);
            var keyPoints = Strings(root, "keyPoints").Select(p => BoundWords(p, MaxKeyPointWords)).Take(MaxKeyPoints).ToList();
            if (summary.Length == 0 || keyPoints.Count == 0)
            {
                return null;
            }

            var entities = root.TryGetProperty("entities", out var e) && e.ValueKind == JsonValueKind.Object
                ? new SummaryEntities(Strings(e, "people").Take(MaxEntities).ToList(), Strings(e, "organizations").Take(MaxEntities).ToList(), Strings(e, "places").Take(MaxEntities).ToList())
                : new SummaryEntities([], [], []);
            var language = root.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()!.Trim().ToLowerInvariant() : string.Empty;
            return new ParsedOutput(summary, keyPoints, entities, language.Length is 2 or 3 && language.All(char.IsAsciiLetterLower) ? language : "und");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string> Strings(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => Plain(i.GetString()!)).Where(s => s.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : [];

    /// <summary>Plain text: tags, Markdown emphasis and heading marks and line breaks removed.</summary>
    internal static string Plain(string text)
    {
        var builder = new StringBuilder(text.Length);
        var inTag = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '<' && i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!'))
            {
                inTag = true;
                continue;
            }

            if (inTag)
            {
                inTag = c != '>';
                continue;
            }

            if (c is '*' or '`' or '#' || (c == '_' && (i == 0 || !char.IsLetterOrDigit(text[i - 1]) || i + 1 == text.Length || !char.IsLetterOrDigit(text[i + 1]))))
            {
                continue;
            }

            builder.Append(char.IsWhiteSpace(c) || char.IsControl(c) ? ' ' : c);
        }

        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>At most <paramref name="max"/> words, cut at a sentence end when one is near.</summary>
    internal static string BoundWords(string text, int max)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length <= max)
        {
            return text;
        }

        var cut = string.Join(' ', words.Take(max));
        var end = cut.LastIndexOfAny(['.', '!', '?']);
        return end > cut.Length / 2 ? cut[..(end + 1)] : cut.TrimEnd(',', ';', ':') + "…";
    }

    internal sealed record ParsedOutput(string Summary, IReadOnlyList<string> KeyPoints, SummaryEntities Entities, string Language);
}
