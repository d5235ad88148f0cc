namespace NewsAlerts.Matching.Text;

public class LanguageTests
{
    [Theory]
    [InlineData("visit", "visit")]
    [InlineData("visits", "visit")]
    [InlineData("visited", "visit")]
    [InlineData("visiting", "visit")]
    [InlineData("nations", "nation")]
    [InlineData("dying", "die")]
    [InlineData("news", "news")]
    [InlineData("москве", "москве")]
    [InlineData("us", "us")]
    [InlineData("b52s", "b52s")]
    public void EnglishStemsAreSnowballEnglishOnWordsOfAsciiLetters(string word, string stem)
    {
        Assert.Equal(stem, EnglishStems.Stem(word));
    }

    [Theory]
    [InlineData("서울에서", new[] { 2 })]
    [InlineData("서울에서는", new[] { 4, 2 })]
    [InlineData("서울", new int[0])]
    [InlineData("학생들이", new[] { 3, 2 })]
    [InlineData("이", new int[0])]
    [InlineData("seoul", new int[0])]
    public void KoreanParticlesGiveTheStemsOfAHangulWord(string word, int[] expected)
    {
        Span<int> lengths = stackalloc int[KoreanParticles.MaxStems];
        var count = KoreanParticles.StemLengths(word, lengths);
        Assert.Equal(expected.Order(), lengths[..count].ToArray().Order());
    }
}
