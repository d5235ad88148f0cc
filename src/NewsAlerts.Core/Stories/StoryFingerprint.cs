using System.Text;
using NewsAlerts.Storage;
using NewsAlerts.Text;

namespace NewsAlerts.Stories;

/// <summary>
/// The story an article belongs to. Articles whose words are the same (whatever their file format,
/// markup, spacing, case or punctuation) share a story, so the same content uploaded twice appears once.
/// </summary>
public static class StoryFingerprint
{
    /// <summary>The story id of an article with this title and body.</summary>
    public static string Of(string title, string body)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(body);
        var words = new StringBuilder(body.Length);
        foreach (var token in WordTokenizer.Tokenize(body))
        {
            words.Append(token.Text).Append(' ');
        }

        // A body too short to identify a story on its own is identified together with its title.
        if (words.Length < 100)
        {
            foreach (var token in WordTokenizer.Tokenize(title))
            {
                words.Append(token.Text).Append(' ');
            }
        }

        return "s" + TableKeys.Hash(words.ToString(), 10);
    }
}
