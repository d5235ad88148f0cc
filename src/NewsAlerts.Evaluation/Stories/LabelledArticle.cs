using System.Globalization;
using System.Text.Json;

namespace NewsAlerts.Evaluation.Stories;

/// <summary>An article whose story (the event it reports) a person labelled.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Story">The labelled story.</param>
/// <param name="Set">Which data set it comes from (e.g. full-text <c>g5w</c>, titles-only <c>uci</c>).</param>
/// <param name="At">When it was published.</param>
/// <param name="Title">Its title.</param>
/// <param name="Body">Its description and text; empty for a title-only record.</param>
public sealed record LabelledArticle(string Id, string Story, string Set, DateTimeOffset At, string Title, string Body)
{
    /// <summary>
    /// Reads JSON Lines of <c>{"id", "story", "set", "date", "title", "description", "text"}</c> records (the
    /// format of shared/data/stories/stories-eval.jsonl). A record that is not one says on which line.
    /// </summary>
    public static async Task<List<LabelledArticle>> ReadAsync(IEnumerable<Stream> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var articles = new List<LabelledArticle>();
        foreach (var file in files)
        {
            using var reader = new StreamReader(file, leaveOpen: true);
            var line = 0;
            while (await reader.ReadLineAsync(cancellationToken) is { } text)
            {
                line++;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    articles.Add(Parse(text, line));
                }
            }
        }

        return articles;
    }

    private static LabelledArticle Parse(string text, int line)
    {
        try
        {
            using var record = JsonDocument.Parse(text);
            var root = record.RootElement;
            string? Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var id = Field("id");
            var story = Field("story");
            var title = Field("title");
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(story) || string.IsNullOrEmpty(title))
            {
                throw new FormatException($"line {line}: a record needs \"id\", \"story\" and \"title\"");
            }

            if (!DateTimeOffset.TryParse(Field("date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                throw new FormatException($"line {line}: \"date\" is not a date");
            }

            var body = string.Join("\n\n", new[] { Field("description"), Field("text") }.Where(p => !string.IsNullOrWhiteSpace(p)));
            return new LabelledArticle(id, story, Field("set") ?? "all", at, title, body);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"line {line}: not valid JSON ({ex.Message})", ex);
        }
    }
}
