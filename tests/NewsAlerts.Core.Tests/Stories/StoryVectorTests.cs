using NewsAlerts.Matching.Text;
using NewsAlerts.Stories;

namespace NewsAlerts.Stories;

public class StoryVectorTests
{
    [Fact]
    public void TitleWordsWeighMostThenTheLeadThenTheRest()
    {
        var lead = string.Join(' ', Enumerable.Repeat("harbour", StoryWords.LeadWords));
        var terms = StoryWords.Of("Strike", lead + " crane");

        Assert.Equal(3, terms["strike"]);
        Assert.Equal(1.5 * StoryWords.LeadWords, terms["harbour"]);
        Assert.Equal(1, terms["crane"]);
    }

    [Fact]
    public void WordsAreFoldedStemmedAndFunctionWordsLeftOut()
    {
        var terms = StoryWords.Of("The Dockers' STRIKES", "São Paulo dockers were striking and they said so.");

        Assert.Equal(["docker", "paulo", "sao", "strike"], terms.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("the", terms.Keys);
        Assert.DoesNotContain("they", terms.Keys);
    }

    [Fact]
    public void TheShippedPriorKnowsCommonWordsFromRareOnes()
    {
        Assert.True(DocumentFrequencies.Prior("the") > DocumentFrequencies.Prior("president"));
        Assert.True(DocumentFrequencies.Prior("president") > DocumentFrequencies.Prior("missile"));
        Assert.True(DocumentFrequencies.Prior("missile") > DocumentFrequencies.Prior("hokkaido"));
    }

    [Fact]
    public void ANumberOrAnInflectedCommonWordIsNotANameButAPlaceIs()
    {
        var frequencies = new DocumentFrequencies();

        Assert.False(frequencies.IsDistinctive("2026", "2026"), "unrelated reports share a year");
        Assert.False(frequencies.IsDistinctive(EnglishStems.Stem("agreed"), "agreed"), "rated by its commoner form, agree");
        Assert.True(frequencies.IsDistinctive(EnglishStems.Stem("lampedusa"), "lampedusa"));
    }

    [Fact]
    public void AWordEveryArticleUsesWeighsLessThanTheFirstTime()
    {
        var frequencies = new DocumentFrequencies();
        var first = StoryVector.Of("Lampedusa ferry", "The ferry ran aground off Lampedusa.", frequencies);
        for (var i = 0; i < 500; i++)
        {
            StoryVector.Of("News", $"Lampedusa report number {i}.", frequencies);
        }

        var later = StoryVector.Of("Lampedusa ferry", "The ferry ran aground off Lampedusa.", frequencies);

        Assert.True(later.Weights["lampedusa"] < first.Weights["lampedusa"]);
        Assert.Equal(1, later.Weights.Values.Sum(w => w * w), 9);
    }

    [Fact]
    public void WordsSeenOnceAreForgottenPastTheLimitSoMemoryIsBounded()
    {
        var frequencies = new DocumentFrequencies();
        for (var i = 0; i <= DocumentFrequencies.MaxTerms / 1000; i++)
        {
            frequencies.Learn(Enumerable.Range(0, 1001).Select(j => $"w{i}x{j}").Append("ferry"));
        }

        Assert.True(frequencies.Idf("ferry") < frequencies.Idf("w0x0"), "a recurring word keeps its count");
        Assert.True(frequencies.Documents > DocumentFrequencies.MaxTerms / 1000);
    }

    [Fact]
    public void AStoryKeepsItsHeaviestTermsOnlyAndReadsBackAsWritten()
    {
        var frequencies = new DocumentFrequencies();
        var at = new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
        var story = StoryCentroid.Of(StoryVector.Of("Ferry", string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i}")), frequencies), at);
        story = story.Add(StoryVector.Of("Ferry aground", "The Stella Marina ran aground.", frequencies), at.AddDays(2));

        var read = StoryCentroid.Parse(story.SerializeWeights(), story.Articles, story.First, story.Latest);

        Assert.Equal(StoryCentroid.MaxTerms, story.Weights.Count);
        Assert.Equal(2, read.Articles);
        Assert.Equal((at, at.AddDays(2)), (read.First, read.Latest));
        Assert.Equal(story.Weights.Keys.Order(StringComparer.Ordinal), read.Weights.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("aground", story.KeyTerms());
        Assert.Equal(StoryCentroid.IndexedTerms, story.KeyTerms().Count);
    }
}
