using System.Globalization;

namespace NewsAlerts.Matching;

public class WordTableTests
{
    // Pairs of six-letter words with the same 32-bit FNV-1a hash, found by a brute-force search: the table keeps
    // each word's full hash in its slot, so only the characters tell these apart.
    private const string Word = "brwrui";
    private const string SameHash = "zfqgta";

    [Fact]
    public void FindsEveryWordItHoldsAndNoOther()
    {
        var words = Enumerable.Range(0, 20_000).ToDictionary(i => "w" + i.ToString(CultureInfo.InvariantCulture), i => i * 3);
        var table = new WordTable(words);

        Assert.All(words, pair => Assert.Equal(pair.Value, Find(table, pair.Key)));
        var strangers = Enumerable.Range(20_000, 20_000).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture));
        Assert.DoesNotContain(strangers, word => Find(table, word) >= 0);
    }

    [Fact]
    public void AWordWithTheSameHashAndLengthIsNotFound()
    {
        var table = new WordTable(new Dictionary<string, int> { [Word] = 7 });

        Assert.Equal(7, Find(table, Word));
        Assert.Equal(-1, Find(table, SameHash));
    }

    [Fact]
    public void TwoWordsWithTheSameHashAreEachFound()
    {
        var table = new WordTable(new Dictionary<string, int> { [Word] = 1, ["tbzjoa"] = 2, [SameHash] = 3, ["nqrtcj"] = 4 });

        Assert.Equal([1, 2, 3, 4], new[] { Word, "tbzjoa", SameHash, "nqrtcj" }.Select(w => Find(table, w)));
    }

    /// <summary>A whole lookup, its three steps in a row, as the matcher runs them spread over a text.</summary>
    private static int Find(WordTable table, string word) =>
        WordTable.Hash(word) is var hash && table.MayContain(hash) ? table.Find(word, hash, table.Probe(hash, word.Length)) : -1;
}
