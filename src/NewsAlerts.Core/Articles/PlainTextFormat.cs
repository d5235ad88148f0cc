namespace NewsAlerts.Articles;

/// <summary>Reads <c>.txt</c> articles: the first line is the title when it looks like one.</summary>
internal static class PlainTextFormat
{
    public static ParsedArticle Parse(string text)
    {
        var lines = text.Split('\n');
        var first = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (first < 0)
        {
            return new ParsedArticle(null, string.Empty);
        }

        var candidate = lines[first].Trim();
        var rest = string.Join('\n', lines[(first + 1)..]).Trim();
        return LooksLikeTitle(candidate) && rest.Length > 0
            ? new ParsedArticle(candidate, rest)
            : new ParsedArticle(null, text.Trim());
    }

    /// <summary>A short line that does not end like a sentence of running text.</summary>
    public static bool LooksLikeTitle(string line)
    {
        if (line.Length is 0 or > 200)
        {
            return false;
        }

        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words <= 25 && line[^1] is not ('.' or ',' or ';' or ':');
    }
}
