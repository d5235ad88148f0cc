using System.Buffers;
using System.Text;

namespace NewsAlerts.Text;

/// <summary>Short excerpts of a text around a position, cut at word boundaries, on one line.</summary>
public static class Snippets
{
    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(" \n\r\t");

    /// <summary>The text around <c>[start, end)</c> with about <paramref name="context"/> characters either side.</summary>
    public static string Around(string text, int start, int end, int context = 90) => Marked(text, start, end, [], context).Text;

    /// <summary>
    /// The text around <c>[start, end)</c> with about <paramref name="context"/> characters either side, and
    /// where each of <paramref name="marks"/> (ranges of <paramref name="text"/>) ended up in it. Marks that
    /// are not wholly inside the excerpt are left out.
    /// </summary>
    public static (string Text, IReadOnlyList<(int Start, int Length)> Marks) Marked(
        string text, int start, int end, IReadOnlyList<(int Start, int End)> marks, int context = 90)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(marks);
        var from = Math.Max(0, start - context);
        var to = Math.Min(text.Length, end + context);
        if (from > 0)
        {
            var space = text.AsSpan(from, start - from).IndexOfAny(' ', '\n');
            from = space >= 0 ? from + space + 1 : from;
        }

        if (to < text.Length)
        {
            var space = text.AsSpan(end, to - end).LastIndexOfAny(' ', '\n');
            to = space >= 0 ? end + space : to;
        }

        if (from > 0 && char.IsLowSurrogate(text[from]))
        {
            from++;
        }

        if (to < text.Length && char.IsLowSurrogate(text[to]))
        {
            to++;
        }

        // Where each source character lands in the excerpt, so marks can be moved along with the text.
        Span<int> landed = to - from < 512 ? stackalloc int[to - from + 1] : new int[to - from + 1];
        var builder = new StringBuilder(to - from + 2);
        if (from > 0)
        {
            builder.Append('…');
        }

        // Runs of non-space characters are copied whole; each run of white space becomes one space.
        var source = text.AsSpan(from, to - from);
        var i = 0;
        while (i < source.Length)
        {
            var run = source[i..].IndexOfAny(WhiteSpace);
            if (run == 0)
            {
                while (i < source.Length && source[i] is '\n' or '\r' or '\t' or ' ')
                {
                    landed[i++] = -1;
                }

                if (builder.Length > 0 && i < source.Length)
                {
                    builder.Append(' ');
                }

                continue;
            }

            var length = run < 0 ? source.Length - i : run;
            for (var k = 0; k < length; k++)
            {
                landed[i + k] = builder.Length + k;
            }

            builder.Append(source.Slice(i, length));
            i += length;
        }

        landed[to - from] = builder.Length;
        var moved = new List<(int Start, int Length)>();
        foreach (var (markStart, markEnd) in marks)
        {
            if (markStart < from || markEnd > to || markEnd <= markStart || landed[markStart - from] < 0)
            {
                continue;
            }

            // The mark ends just after its last character, wherever that character landed.
            var last = markEnd - 1;
            while (last > markStart && landed[last - from] < 0)
            {
                last--;
            }

            var newStart = landed[markStart - from];
            var newEnd = landed[last - from] + 1;
            if (moved.Count == 0 || newStart >= moved[^1].Start + moved[^1].Length)
            {
                moved.Add((newStart, newEnd - newStart));
            }
        }

        if (to < text.Length)
        {
            builder.Append('…');
        }

        return (builder.ToString(), moved);
    }
}
