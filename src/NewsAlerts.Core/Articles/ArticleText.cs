using System.Text;

namespace NewsAlerts.Articles;

/// <summary>Decodes article bytes into text and recognizes bytes that are not text at all.</summary>
internal static class ArticleText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)
        ?? Encoding.Latin1;

    // Signatures of the binary formats people most often upload by mistake.
    private static readonly (byte[] Magic, string Name)[] BinarySignatures =
    [
        ("%PDF-"u8.ToArray(), "a PDF document"),
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ("RIFF"u8.ToArray(), "a RIFF media file (WebP, WAV or AVI)"),
        ([(byte)'P', (byte)'K', 0x03, 0x04], "a ZIP archive (or a Word, Excel or EPUB file)"),
        ([0x1F, 0x8B], "a gzip archive"),
        ([0xD0, 0xCF, 0x11, 0xE0], "a legacy Microsoft Office document"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "an executable"),
        ([(byte)'M', (byte)'Z'], "a Windows executable"),
    ];

    /// <summary>Decodes <paramref name="bytes"/>, or throws <see cref="ArticleRejectedException"/> when they are not text.</summary>
    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw new ArticleRejectedException("empty: the file has no content");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (DecodeStrict(bytes[3..], StrictUtf8, "utf-8"), "utf-8");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (DecodeStrict(bytes[2..], new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), "utf-16le"), "utf-16le");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (DecodeStrict(bytes[2..], new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), "utf-16be"), "utf-16be");
        }

        foreach (var (magic, name) in BinarySignatures)
        {
            if (bytes.StartsWith(magic))
            {
                throw new ArticleRejectedException($"binary content: the file is {name}, not text");
            }
        }

        if (Utf16WithoutByteOrderMark(bytes) is { } utf16)
        {
            return utf16;
        }

        if (bytes.Contains((byte)0))
        {
            throw new ArticleRejectedException("binary content: the file holds NUL bytes, so it is not text");
        }

        string text;
        string encoding;
        try
        {
            text = StrictUtf8.GetString(bytes);
            encoding = "utf-8";
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: older newsroom systems write Windows-1252, which decodes any byte sequence.
            text = Windows1252.GetString(bytes);
            encoding = "windows-1252";
        }

        RejectControlNoise(text);
        return (text, encoding);
    }

    /// <summary>
    /// UTF-16 saved without a byte order mark (some Windows tools write it): text in Latin script then has a zero byte in
    /// at least half of its odd (little-endian) or even (big-endian) positions and almost none in the others, which no binary format
    /// and no 8-bit text has. Returns null when the bytes do not look so, or do not decode.
    /// </summary>
    private static (string Text, string Encoding)? Utf16WithoutByteOrderMark(ReadOnlySpan<byte> bytes)
    {
        // Too short to tell from a few stray NUL bytes.
        if (bytes.Length < 16 || bytes.Length % 2 != 0)
        {
            return null;
        }

        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < bytes.Length; i += 2)
        {
            zeroEven += bytes[i] == 0 ? 1 : 0;
            zeroOdd += bytes[i + 1] == 0 ? 1 : 0;
        }

        var units = bytes.Length / 2;
        bool? bigEndian = zeroOdd * 2 >= units && zeroEven * 20 <= units ? false
            : zeroEven * 2 >= units && zeroOdd * 20 <= units ? true
            : null;
        if (bigEndian is not { } big)
        {
            return null;
        }

        try
        {
            var text = new UnicodeEncoding(big, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes);
            RejectControlNoise(text);
            return (text, big ? "utf-16be" : "utf-16le");
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string DecodeStrict(ReadOnlySpan<byte> bytes, Encoding encoding, string name)
    {
        try
        {
            var text = encoding.GetString(bytes);
            RejectControlNoise(text);
            return text;
        }
        catch (DecoderFallbackException)
        {
            throw new ArticleRejectedException($"invalid text: the file starts with a {name} byte order mark but is not valid {name}");
        }
    }

    private static void RejectControlNoise(string text)
    {
        var control = 0;
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'))
            {
                control++;
            }
        }

        // Real text has almost no control characters; a few stray ones are tolerated.
        if (control > 8 && control * 20 > text.Length)
        {
            throw new ArticleRejectedException("binary content: the file is mostly control characters, not text");
        }
    }
}
