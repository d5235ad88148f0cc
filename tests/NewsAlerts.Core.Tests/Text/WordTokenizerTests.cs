using NewsAlerts.Text;

namespace NewsAlerts.Text;

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
    public void FoldsCompatibilityForms()
    {
        Assert.Equal(["office", "abc"], Words("ofﬁce ＡＢＣ"));
    }

    [Fact]
    public void HyphensApostrophesQuotesAndSpacesSeparateWords()
    {
        Assert.Equal(["kim", "jong", "un", "s", "visit"], Words("Kim\u00A0Jong-un’s “visit”"));
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
