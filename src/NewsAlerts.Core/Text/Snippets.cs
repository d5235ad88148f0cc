namespace NewsAlerts.Text;

/// <summary>Short excerpts of a text around a position, cut at word boundaries, on one line.</summary>
public static class Snippets
{
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
        var ranges = new (int Start, int End)[marks.Count];
        for (var k = 0; k < ranges.Length; k++)
        {
            ranges[k] = marks[k];
        }

        var moved = new (int Start, int Length)[ranges.Length];
        var excerpt = Marked(text, start, end, ranges, context, moved, out var count);
        return (excerpt, count == moved.Length ? moved : moved[..count]);
    }

    /// <summary>
    /// As <see cref="Marked(string, int, int, IReadOnlyList{ValueTuple{int, int}}, int)"/>, without allocating
    /// anything but the excerpt: the marks that land in it are written to <paramref name="moved"/> (as long as
    /// <paramref name="marks"/>), <paramref name="movedCount"/> of them.
    /// </summary>
    internal static string Marked(
        string text, int start, int end, ReadOnlySpan<(int Start, int End)> marks, int context, Span<(int Start, int Length)> moved, out int movedCount)
    {
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

        var source = text.AsSpan(from, to - from);
        if (IsOneLine(source))
        {
            return Copied(text, from, to, marks, moved, out movedCount);
        }

        // Where each source character lands in the excerpt, so marks can be moved along with the text.
        Span<int> landed = source.Length < 512 ? stackalloc int[source.Length + 1] : new int[source.Length + 1];
        Span<char> output = source.Length < 512 ? stackalloc char[source.Length + 2] : new char[source.Length + 2];
        var length = 0;
        if (from > 0)
        {
            output[length++] = '…';
        }

        // Non-space characters are copied as they are; each run of white space becomes one space.
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c is '\n' or '\r' or '\t' or ' ')
            {
                while (i < source.Length && source[i] is '\n' or '\r' or '\t' or ' ')
                {
                    landed[i++] = -1;
                }

                if (length > 0 && i < source.Length)
                {
                    output[length++] = ' ';
                }

                continue;
            }

            landed[i++] = length;
            output[length++] = c;
        }

        landed[source.Length] = length;
        movedCount = 0;
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
            if (movedCount == 0 || newStart >= moved[movedCount - 1].Start + moved[movedCount - 1].Length)
            {
                moved[movedCount++] = (newStart, newEnd - newStart);
            }
        }

        if (to < text.Length)
        {
            output[length++] = '…';
        }

        return new string(output[..length]);
    }

    /// <summary>
    /// True when <paramref name="source"/> is already on one line with single spaces (the usual case): it is
    /// then copied as it is, each character landing at its own offset.
    /// </summary>
    private static bool IsOneLine(ReadOnlySpan<char> source) =>
        source.Length > 0 && source[0] != ' ' && source[^1] != ' ' && source.IndexOfAny('\n', '\r', '\t') < 0 && source.IndexOf("  ") < 0;

    /// <summary>As the general case of <see cref="Marked(string, int, int, ReadOnlySpan{ValueTuple{int, int}}, int, Span{ValueTuple{int, int}}, out int)"/>, for a source <see cref="IsOneLine"/>.</summary>
    private static string Copied(string text, int from, int to, ReadOnlySpan<(int Start, int End)> marks, Span<(int Start, int Length)> moved, out int movedCount)
    {
        var source = text.AsSpan(from, to - from);
        var shift = from > 0 ? 1 - from : -from;
        movedCount = 0;
        foreach (var (markStart, markEnd) in marks)
        {
            if (markStart < from || markEnd > to || markEnd <= markStart || source[markStart - from] == ' ')
            {
                continue;
            }

            var last = markEnd - 1;
            while (last > markStart && source[last - from] == ' ')
            {
                last--;
            }

            var newStart = markStart + shift;
            var newEnd = last + shift + 1;
            if (movedCount == 0 || newStart >= moved[movedCount - 1].Start + moved[movedCount - 1].Length)
            {
                moved[movedCount++] = (newStart, newEnd - newStart);
            }
        }

        var length = source.Length + (from > 0 ? 1 : 0) + (to < text.Length ? 1 : 0);
        return string.Create(length, (text, from, to), static (output, state) =>
        {
            var (text, from, to) = state;
            var at = 0;
            if (from > 0)
            {
                output[at++] = '…';
            }

            text.AsSpan(from, to - from).CopyTo(output[at..]);
            if (to < text.Length)
            {
                output[^1] = '…';
            }
        });
    }
}
