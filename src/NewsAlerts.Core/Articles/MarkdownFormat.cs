using System.Text;
using System.Text.RegularExpressions;

namespace NewsAlerts.Articles;

/// <summary>
/// Reads <c>.md</c> articles: front matter (<c>title</c>, <c>source</c>, <c>url</c>, <c>date</c>), the first
/// heading as the title, and the body with Markdown syntax removed so summaries and snippets read as prose.
/// </summary>
internal static partial class MarkdownFormat
{
    public static ParsedArticle Parse(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
        var front = ReadFrontMatter(lines);

        string? title = front.GetValueOrDefault("title");
        var body = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var heading = AtxHeading().Match(line);
            var setext = i + 1 < lines.Count && line.Length > 0 && SetextUnderline().IsMatch(lines[i + 1]);
            if (heading.Success || setext)
            {
                var headingText = Inline(heading.Success ? heading.Groups["text"].Value : line).Trim();
                if (setext)
                {
                    i++;
                }

                if (title is null)
                {
                    title = headingText;
                    continue;
                }

                body.Append('\n').Append(headingText).Append("\n\n");
                continue;
            }

            if (line.StartsWith("```", StringComparison.Ordinal) || HorizontalRule().IsMatch(line))
            {
                continue;
            }

            body.Append(Inline(ListMarker().Replace(line, string.Empty))).Append('\n');
        }

        var bodyText = MultipleBlankLines().Replace(body.ToString(), "\n\n").Trim();
        if (title is null)
        {
            var plain = PlainTextFormat.Parse(bodyText);
            return new ParsedArticle(plain.Title, plain.Body, front.GetValueOrDefault("source"), front.GetValueOrDefault("url"), ParseDate(front.GetValueOrDefault("date")));
        }

        return new ParsedArticle(title, bodyText, front.GetValueOrDefault("source"), front.GetValueOrDefault("url"), ParseDate(front.GetValueOrDefault("date")));
    }

    private static Dictionary<string, string> ReadFrontMatter(List<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (lines.Count == 0 || lines[0] != "---")
        {
            return values;
        }

        var end = lines.FindIndex(1, l => l == "---");
        if (end < 0)
        {
            return values;
        }

        foreach (var line in lines[1..end])
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values[line[..colon].Trim()] = line[(colon + 1)..].Trim().Trim('"', '\'');
            }
        }

        lines.RemoveRange(0, end + 1);
        return values;
    }

    private static DateTimeOffset? ParseDate(string? value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    private static string Inline(string line)
    {
        line = Image().Replace(line, string.Empty);
        line = Link().Replace(line, "${text}");
        line = Emphasis().Replace(line, "${text}");
        line = line.Replace("`", string.Empty, StringComparison.Ordinal);
        return BlockQuote().Replace(line, string.Empty);
    }

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^\s{0,3}(=+|-{2,})\s*$")]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"^\s{0,3}([-*_]\s*){3,}$")]
    private static partial Regex HorizontalRule();

    [GeneratedRegex(@"^\s*([-*+]|\d{1,3}[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(?<!\w)(\*\*|__|\*|_)(?<text>\S(.*?\S)?)\1(?!\w)")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"^\s{0,3}>\s?")]
    private static partial Regex BlockQuote();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex MultipleBlankLines();
}
