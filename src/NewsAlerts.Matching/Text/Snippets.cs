namespace NewsAlerts.Matching.Text;

/// <summary>Short excerpts of a text around a position, cut at word boundaries, on one line.</summary>
public static class Snippets
{
    private static readonly System.Buffers.SearchValues<char> LineBreaks = System.Buffers.SearchValues.Create("\n\r\t");

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
    [System.Runtime.CompilerServices.SkipLocalsInit]
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
        var spaces = new IrregularSpaces(source);
        if (spaces.IsOneLine(source))
        {
            return Copied(text, from, to, marks, moved, out movedCount);
        }

        // Text is copied as it is between irregular white space (line breaks, tabs, runs of spaces, a space
        // at either end); each irregular run becomes one space, or nothing at the ends. A character past the
        // start of segment k lands at its source offset plus segment k's shift; marks move by the same rule.
        Span<char> output = source.Length < 512 ? stackalloc char[source.Length + 2] : new char[source.Length + 2];
        Span<(int Start, int Shift)> segments = source.Length < 512 ? stackalloc (int, int)[source.Length + 1] : new (int, int)[source.Length + 1];
        var length = 0;
        if (from > 0)
        {
            output[length++] = '…';
        }

        var segmentCount = 0;
        segments[segmentCount++] = (0, length);
        var i = 0;
        while (i < source.Length)
        {
            var run = spaces.Next(source, i);
            source[i..run].CopyTo(output[length..]);
            length += run - i;
            if (run == source.Length)
            {
                break;
            }

            i = run;
            while (i < source.Length && IsSpace(source[i]))
            {
                i++;
            }

            if (length > 0 && i < source.Length)
            {
                output[length++] = ' ';
            }

            segments[segmentCount++] = (i, length - i);
        }

        segments = segments[..segmentCount];
        movedCount = 0;
        foreach (var (markStart, markEnd) in marks)
        {
            if (markStart < from || markEnd > to || markEnd <= markStart || IsSpace(source[markStart - from]))
            {
                continue;
            }

            // The mark ends just after its last character, wherever that character landed.
            var last = markEnd - 1;
            while (last > markStart && IsSpace(source[last - from]))
            {
                last--;
            }

            var newStart = Landed(segments, markStart - from);
            var newEnd = Landed(segments, last - from) + 1;
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

    private static bool IsSpace(char c) => c is '\n' or '\r' or '\t' or ' ';

    /// <summary>Where the source character at <paramref name="offset"/> (not white space) lands in the excerpt.</summary>
    private static int Landed(ReadOnlySpan<(int Start, int Shift)> segments, int offset)
    {
        var k = segments.Length - 1;
        while (segments[k].Start > offset)
        {
            k--;
        }

        return offset + segments[k].Shift;
    }

    /// <summary>
    /// Finds the runs of white space that are not one space between two words: line breaks, tabs, two spaces
    /// or more, a space at either end. Remembers where the next line break and the next two spaces are, so
    /// that the text is searched for each once, not again from every run.
    /// </summary>
    private ref struct IrregularSpaces
    {
        private const int None = int.MaxValue;
        private int _nextBreak;
        private int _nextDouble;

        public IrregularSpaces(ReadOnlySpan<char> source)
        {
            _nextBreak = Found(source.IndexOfAny(LineBreaks), 0);
            _nextDouble = -1;
        }

        /// <summary>True when <paramref name="source"/> is already on one line with single spaces (the usual case).</summary>
        public bool IsOneLine(ReadOnlySpan<char> source) =>
            source.Length > 0 && source[0] != ' ' && source[^1] != ' ' && _nextBreak == None && NextDouble(source, 0) == None;

        /// <summary>
        /// The start of the first irregular run at or after <paramref name="from"/> (not inside a run), or the
        /// source's length when there is none.
        /// </summary>
        public int Next(ReadOnlySpan<char> source, int from)
        {
            if (IsSpace(source[from]) && (from == 0 || source[from] != ' ' || from + 1 == source.Length || IsSpace(source[from + 1])))
            {
                return from;
            }

            if (_nextBreak < from)
            {
                _nextBreak = Found(source[from..].IndexOfAny(LineBreaks), from);
            }

            var at = Math.Min(_nextBreak, NextDouble(source, from));
            if (at == None)
            {
                // Only a trailing space could still be irregular.
                return source[^1] == ' ' ? source.Length - 1 : source.Length;
            }

            // A space just before a line break or tab belongs to its run.
            while (at > from && source[at - 1] == ' ')
            {
                at--;
            }

            return at;
        }

        private int NextDouble(ReadOnlySpan<char> source, int from)
        {
            if (_nextDouble < from)
            {
                _nextDouble = Found(source[from..].IndexOf("  "), from);
            }

            return _nextDouble;
        }

        private static int Found(int index, int offset) => index < 0 ? None : index + offset;
    }

    /// <summary>As the general case of <see cref="Marked(string, int, int, ReadOnlySpan{ValueTuple{int, int}}, int, Span{ValueTuple{int, int}}, out int)"/>, for a source already on one line with single spaces, each character landing at its own offset.</summary>
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
