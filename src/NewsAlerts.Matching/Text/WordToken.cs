namespace NewsAlerts.Matching.Text;

/// <summary>A word of a text: its normalized form and where it stands in the original text.</summary>
/// <param name="Text">The word folded for matching: lower case, no diacritics, compatibility forms unified.</param>
/// <param name="Start">Offset of the word's first character in the original text.</param>
/// <param name="Length">Length of the word in the original text.</param>
public readonly record struct WordToken(string Text, int Start, int Length)
{
    /// <summary>Offset just past the word's last character in the original text.</summary>
    public int End => Start + Length;
}
