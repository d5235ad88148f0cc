using System.Text;
using NewsAlerts.Storage;

namespace NewsAlerts.Storage;

public class TableKeysTests
{
    private static void AssertValidKey(string key)
    {
        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.True(Encoding.Unicode.GetByteCount(key) <= 1024, $"key of {key.Length} characters is over 1 KiB");
        Assert.NotEmpty(key);
    }

    [Theory]
    [InlineData("plain.txt")]
    [InlineData("a#b?c/d%e f\\g.txt")]
    [InlineData("Ünïcødé 北京 новости.md")]
    [InlineData("tab\there\nnewline\u0001.txt")]
    [InlineData("folder/sub folder/article #1?.html")]
    public void ArticleIdIsAValidKeyForAnyBlobName(string name)
    {
        var id = TableKeys.ArticleId(name);
        AssertValidKey(id);
        Assert.Equal(32, id.Length);
        Assert.Equal(id, TableKeys.ArticleId(name));
    }

    [Fact]
    public void ArticleIdHandlesTheLongestBlobNames()
    {
        AssertValidKey(TableKeys.ArticleId(new string('é', 1000)));
        Assert.NotEqual(TableKeys.ArticleId(new string('a', 1000)), TableKeys.ArticleId(new string('a', 999) + "b"));
    }

    [Fact]
    public void EscapeKeepsReadableValuesReadable()
    {
        Assert.Equal("alice@example.com", TableKeys.Escape("alice@example.com"));
        Assert.Equal("a%2Fb%23c%3Fd%25e%5Cf", TableKeys.Escape("a/b#c?d%e\\f"));
        Assert.Equal("tab%09", TableKeys.Escape("tab\t"));
    }

    [Fact]
    public void EscapeIsInjective()
    {
        Assert.NotEqual(TableKeys.Escape("a/b"), TableKeys.Escape("a%2Fb"));
    }

    [Fact]
    public void EscapeBoundsLongValuesWithAHash()
    {
        var first = TableKeys.Escape(new string('#', 1000));
        var second = TableKeys.Escape(new string('#', 999) + "?");
        AssertValidKey(first);
        AssertValidKey(second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void EscapeReplacesLoneSurrogatesAndKeepsPairs()
    {
        Assert.Equal("😀", TableKeys.Escape("😀"));
        Assert.Equal("%D800x", TableKeys.Escape("\uD800x"));
    }

    [Fact]
    public void SubscriberAndWatchlistKeysIgnoreCase()
    {
        Assert.Equal(TableKeys.Subscriber("Alice@Example.com "), TableKeys.Subscriber("alice@example.com"));
        Assert.Equal(TableKeys.Watchlist("Energy"), TableKeys.Watchlist(" energy"));
    }
}
