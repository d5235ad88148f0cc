using System.Text.RegularExpressions;

namespace NewsAlerts.Summaries;

/// <summary>
/// Recognizes the furniture that news pages leave in article text: bylines, time stamps, "Scroll down for
/// video", share bars, media-player notices, "Click here" and "Follow @" lines, picture references.
/// </summary>
internal static partial class NewsBoilerplate
{
    /// <summary>
    /// Replaces boilerplate phrases that are glued into running text with line breaks, so that the sentence
    /// splitter sees the sentences around them as separate. Returns <paramref name="text"/> itself when there is none.
    /// </summary>
    public static string Clean(string text)
    {
        var cleaned = InlineBoilerplate().Replace(text, "\n");
        return Dateline().Replace(cleaned, string.Empty, 1);
    }

    /// <summary>
    /// Removes picture references such as "(pictured)" or "(left)", which mean nothing without the picture.
    /// Returns <paramref name="sentence"/> itself when it has none.
    /// </summary>
    public static string WithoutPictureReferences(string sentence) =>
        sentence.Contains('(') ? PictureReference().Replace(sentence, string.Empty) : sentence;

    /// <summary>Whether <paramref name="sentence"/> is page furniture rather than part of the story.</summary>
    public static bool IsBoilerplate(string sentence) =>
        BoilerplateSentence().IsMatch(sentence) || Byline().IsMatch(sentence) || (sentence.Contains('@') && WordCount(sentence) <= 12);

    private static int WordCount(string sentence)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in sentence)
        {
            var letter = !char.IsWhiteSpace(c);
            count += letter && !inWord ? 1 : 0;
            inWord = letter;
        }

        return count;
    }

    [GeneratedRegex("""
        Scroll\s+down\s+for\s+(?:the\s+)?(?:latest\s+)?videos?\b\.?
        | Media\s+playback\s+is\s+(?:not\s+supported|unsupported)\s+on\s+(?:this|your)\s+device
        | Share\s+this\s+with(?:\s*(?:Email|Facebook|Messenger|Twitter|Pinterest|WhatsApp|LinkedIn|Linkedin))*\s*Copy\s+this\s+link
        | (?:\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s+)?Last\s+updated\s+at\s+\d{1,2}:\d{2}(?:\s*[A-Z]{2,4})?
        | (?:PUBLISHED|UPDATED):\s*\.?\s*\d{1,2}:\d{2}\s*[A-Z]{2,4},\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s*\.?\s*\|?\s*\.?
        | \bBy\s+\.\s+[^.\n]{1,80}?\s+\.\s+(?=PUBLISHED|UPDATED|Last)
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex InlineBoilerplate();

    // "(CNN)", "(CNN) -- ", "LONDON, England (Reuters) -- " at the start of the story.
    [GeneratedRegex("""^\s*(?:[A-Z][A-Za-z .,'-]{0,40}\s*)?\((?:CNN|Reuters|AP|AFP)\)\s*(?:--|—|–)?\s*""", RegexOptions.CultureInvariant)]
    private static partial Regex Dateline();

    [GeneratedRegex("""
        ^\W*(?:
            click\s+here | follow\s+(?:us|him|her|them|@) | sign\s+up | read\s+more | see\s+more | more\s+on\s+this
          | watch\s+(?:the\s+)?video | (?:video|photos?|pictures?|images?|credits?|source)\s*: | published\s*: | updated\s*:
          | last\s+updated | copyright | all\s+rights\s+reserved | © | like\s+us\s+on | scroll\s+down | share\s+this
          | media\s+playback | related\s*: | advertisement\b
        )
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoilerplateSentence();

    // "By JOHN SMITH", "By Jane Doe and Tom Lee", "By . Daily Mail Reporter ." and nothing else.
    [GeneratedRegex("""^By\s+\.?\s*(?:[A-Z][\w'’-]*\.?\s*(?:,|and|&)?\s*){1,6}\.?$""", RegexOptions.CultureInvariant)]
    private static partial Regex Byline();

    [GeneratedRegex("""\s*\((?:far\s+|second\s+)?(?:left|right|centre|center|pictured|above|below|top|bottom|inset|middle|file\s+photo|file\s+picture)\)(?=[\s,.;:!?]|$)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PictureReference();
}
