using System.Text;

namespace NewsAlerts.Text;

/// <summary>Short excerpts of a text around a position, cut at word boundaries, on one line.</summary>
public static class Snippets
{
    /// <summary>The text around <c>[start, end)</c> with about <paramref name="context"/> characters either side.</summary>
    public static string Around(string text, int start, int end, int context = 90)
    {
        ArgumentNullException.ThrowIfNull(text);
        var from = Math.Max(0, start - context);
        var to = Math.Min(text.Length, end + context);
        if (from > 0)
        {
            var space = text.IndexOfAny([' ', '\n'], from, start - from);
            from = space >= 0 ? space + 1 : from;
        }

        if (to < text.Length)
        {
            var space = text.LastIndexOfAny([' ', '\n'], to - 1, to - end);
            to = space >= 0 ? space : to;
        }

        if (from > 0 && char.IsLowSurrogate(text[from]))
        {
            from++;
        }

        if (to < text.Length && char.IsLowSurrogate(text[to]))
        {
            to++;
        }

        var builder = new StringBuilder(to - from + 2);
        if (from > 0)
        {
            builder.Append('…');
        }

        var space2 = false;
        for (var i = from; i < to; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\t' or ' ')
            {
                space2 = true;
                continue;
            }

            if (space2 && builder.Length > 0)
            {
                builder.Append(' ');
            }

            space2 = false;
            builder.Append(c);
        }

        if (to < text.Length)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }
}
