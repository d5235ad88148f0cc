using NewsAlerts.Matching.Text;

namespace NewsAlerts.Matching.Text;

public class WordTokenizerTests
{
    private static string[] Words(string text) => WordTokenizer.Tokenize(text).Select(t => t.Text).ToArray();

    [Fact]
    public void FoldsCaseAndDiacritics()
    {
        Assert.Equal(["pyongyang", "sao", "paulo", "zurich", "krakow"], Words("Pyŏngyang São Paulo ZÜRICH Kraków"));
    }

    [Fact]
    public void FoldsLettersWhoseMarkIsPartOfTheGlyph()
    {
        Assert.Equal(["lodz", "oresund", "strasse", "aegis"], Words("Łódź Øresund Straße Ægis"));
    }

    [Fact]
    public void FoldsGreekAccentsAndFinalSigma()
    {
        Assert.Equal(["αθηνασ", "αθηνασ"], Words("Αθήνας ΑΘΗΝΑΣ"));
    }

    [Fact]
    public void FoldsCompatibilityForms()
    {
        Assert.Equal(["office", "abc"], Words("ofﬁce ＡＢＣ"));
    }

    [Fact]
    public void HyphensApostrophesQuotesAndSpacesSeparateWordsAndPossessivesAreDropped()
    {
        Assert.Equal(["kim", "jong", "un", "visit"], Words("Kim\u00A0Jong-un’s “visit”"));
        Assert.Equal(["putin", "putin", "workers", "o", "brien", "it", "s9"], Words("Putin's Putin’s workers' O'Brien it’s s9"));
        Assert.Equal(["jones", "james"], Words("Jones's James’"));
    }

    [Fact]
    public void HangulStaysComposedWhenMixedWithOtherLetters()
    {
        Assert.Equal(["k팝"], Words("K팝"));
    }

    [Fact]
    public void FoldIntoAgreesWithFold()
    {
        Span<char> buffer = stackalloc char[WordTokenizer.FoldBufferLength];
        foreach (var word in new[] { "Zürich", "ŁÓDŹ", "ﬁ", "서울에서", "Москва", "北", "ＡＢＣ", "Straße" })
        {
            var written = WordTokenizer.FoldInto(word, buffer);
            Assert.Equal(WordTokenizer.Fold(word), buffer[..written].ToString());
        }

        Assert.Equal(-1, WordTokenizer.FoldInto(new string('a', 10), buffer[..5]));
    }

    [Fact]
    public void HanAndKanaAreOneWordPerCharacter()
    {
        Assert.Equal(["北", "京", "市"], Words("北京市"));
        Assert.Equal(["と", "う", "き", "ょ", "う"], Words("とうきょう"));
    }

    [Fact]
    public void HangulAndCyrillicWordsStayWhole()
    {
        Assert.Equal(["서울에서", "москва"], Words("서울에서, Москва!"));
    }

    [Fact]
    public void TokensPointIntoTheOriginalText()
    {
        const string Text = "Hello, Zürich-bound world";
        var tokens = WordTokenizer.Tokenize(Text);
        Assert.Equal(["Hello", "Zürich", "bound", "world"], tokens.Select(t => Text[t.Start..t.End]));
    }

    [Fact]
    public void DecomposedInputFoldsLikeComposedInput()
    {
        Assert.Equal(Words("Pyŏngyang"), Words("Pyo\u0306ngyang"));
    }
}
