using NewsAlerts.TestData;
using NewsAlerts.Text;

namespace NewsAlerts.Text;

public class PorterStemmerTests
{
    [Fact]
    public void StemsEveryWordInTheNltkListExactlyAsNltk()
    {
        var lines = File.ReadAllLines(TestDataFile.PathOf("porter-nltk-stems.tsv"));
        var checkedWords = 0;
        var mismatches = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('\t');
            var actual = PorterStemmer.Stem(parts[0]);
            if (actual != parts[1])
            {
                mismatches.Add($"{parts[0]}: expected {parts[1]}, got {actual}");
            }

            checkedWords++;
        }

        Assert.Equal(7409, checkedWords);
        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("ties", "tie")]
    [InlineData("dies", "die")]
    [InlineData("flies", "fli")]
    [InlineData("died", "die")]
    [InlineData("spied", "spi")]
    [InlineData("agreed", "agre")]
    [InlineData("feed", "feed")]
    [InlineData("hopping", "hop")]
    [InlineData("falling", "fall")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("enjoy", "enjoy")]
    [InlineData("relational", "relat")]
    [InlineData("generously", "gener")]
    [InlineData("organizations", "organ")]
    [InlineData("geology", "geolog")]
    [InlineData("controlling", "control")]
    [InlineData("replacement", "replac")]
    [InlineData("adoption", "adopt")]
    public void StemsTheTextbookExamples(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));

    [Theory]
    [InlineData("dying", "die")]
    [InlineData("lying", "lie")]
    [InlineData("skies", "sky")]
    [InlineData("news", "news")]
    [InlineData("innings", "inning")]
    [InlineData("succeed", "succeed")]
    public void MapsNltkIrregularFormsToTheirParadigm(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));

    [Theory]
    [InlineData("is", "is")]
    [InlineData("a", "a")]
    [InlineData("", "")]
    [InlineData("As", "as")]
    public void LeavesWordsOfOneOrTwoLettersAloneButLowerCased(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));

    [Fact]
    public void LowerCasesItsInput() => Assert.Equal("run", PorterStemmer.Stem("RUNNING"));

    [Fact]
    public void ReturnsTheSameInstanceWhenTheWordIsAlreadyAStem()
    {
        var word = "economi";
        Assert.Same(word, PorterStemmer.Stem(word));
    }

    [Fact]
    public void StemsVeryLongWordsWithoutFailing()
    {
        var prefix = string.Concat(Enumerable.Repeat("ban", 200));
        Assert.Equal(prefix, PorterStemmer.Stem(prefix + "ational"));
    }
}
