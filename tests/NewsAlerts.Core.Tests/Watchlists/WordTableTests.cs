using System.Globalization;

namespace NewsAlerts.Watchlists;

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

        Assert.All(words, pair => Assert.Equal(pair.Value, table.TryFind(pair.Key, out var atom) ? atom : -1));
        var strangers = Enumerable.Range(20_000, 20_000).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture));
        Assert.DoesNotContain(strangers, word => table.TryFind(word, out _));
    }

    [Fact]
    public void AWordWithTheSameHashAndLengthIsNotFound()
    {
        var table = new WordTable(new Dictionary<string, int> { [Word] = 7 });

        Assert.True(table.TryFind(Word, out var atom));
        Assert.Equal(7, atom);
        Assert.False(table.TryFind(SameHash, out atom));
        Assert.Equal(-1, atom);
    }

    [Fact]
    public void TwoWordsWithTheSameHashAreEachFound()
    {
        var table = new WordTable(new Dictionary<string, int> { [Word] = 1, ["tbzjoa"] = 2, [SameHash] = 3, ["nqrtcj"] = 4 });

        Assert.Equal([1, 2, 3, 4], new[] { Word, "tbzjoa", SameHash, "nqrtcj" }.Select(w => table.TryFind(w, out var atom) ? atom : -1));
    }

    [Fact]
    public void TheStepsOfALookupSpreadOverATextFindWhatTryFindFinds()
    {
        var table = new WordTable(new Dictionary<string, int> { [Word] = 1, [SameHash] = 2, ["putin"] = 3 });

        foreach (var word in new[] { Word, SameHash, "putin", "tbzjoa", "the" })
        {
            var expected = table.TryFind(word, out var atom) ? atom : -1;
            var found = table.MayContain(word, out var hash) ? table.Find(word, hash, table.Probe(hash, word.Length)) : -1;
            Assert.Equal(expected, found);
        }
    }
}
