using System.Text;
using NewsAlerts.Articles;
using NewsAlerts.Storage;

namespace NewsAlerts.Articles;

public class ArticleIngestorTests : StorageTest
{
    private const string StrikeBody = "Dock workers at the port of Rotterdam began a strike on Monday after talks over night-shift pay broke down. Ships were diverted to Antwerp and Hamburg. Talks resume on Wednesday with a mediator appointed by the ministry.";
    private const string Strike = "Dock workers strike at Rotterdam\n\n" + StrikeBody;

    protected override Dictionary<string, string?> Settings() => new() { ["NewsAlerts:MaxArticleBytes"] = "4096" };

    [Fact]
    public async Task ProcessedArticleIsStoredWithSummaryAndMatches()
    {
        await AddWatchlistAsync("alice@example.com", "Ports", "Rotterdam", "Antwerp");
        await AddWatchlistAsync("bob@example.com", "Energy", "solar");
        await UploadAsync("strike.txt", Strike, new Dictionary<string, string> { ["source"] = "Harbour Gazette" });

        var result = await IngestAsync("strike.txt");

        Assert.Equal(ArticleStatus.Processed, result.Status);
        var article = Assert.Single(await ArticlesAsync());
        Assert.Equal("Dock workers strike at Rotterdam", article.Title);
        Assert.Equal("Harbour Gazette", article.Source);
        Assert.Equal("extractive", article.Summarizer);
        Assert.False(string.IsNullOrWhiteSpace(article.Summary));
        var match = Assert.Single(article.Matches);
        Assert.Equal(("alice@example.com", "Ports"), (match.Email, match.Watchlist));
        Assert.Equal(["Rotterdam", "Antwerp"], match.Terms);

        var row = Assert.Single(await MatchRowsAsync());
        Assert.False(row.Delivered);
        Assert.Contains("Rotterdam", row.Snippet, StringComparison.Ordinal);
        Assert.Equal("Harbour Gazette", row.Source);
    }

    [Fact]
    public async Task DuplicateProcessingLeavesOneArticleAndOneMatchPerWatchlist()
    {
        await AddWatchlistAsync("alice@example.com", "Ports", "Rotterdam");
        await AddWatchlistAsync("alice@example.com", "Belgium", "Antwerp");
        await UploadAsync("strike.txt", Strike);

        await IngestAsync("strike.txt");
        await IngestAsync("strike.txt");
        await Task.WhenAll(IngestAsync("strike.txt"), IngestAsync("strike.txt"));

        Assert.Single(await ArticlesAsync());
        Assert.Equal(2, (await MatchRowsAsync()).Count);
    }

    [Fact]
    public async Task ReprocessingNeverUndoesADelivery()
    {
        await AddWatchlistAsync("alice@example.com", "Ports", "Rotterdam");
        await UploadAsync("strike.txt", Strike);
        await IngestAsync("strike.txt");
        var row = Assert.Single(await MatchRowsAsync());
        row.Delivered = true;
        await Storage.Table("Matches").UpdateEntityAsync(row, row.ETag);

        await IngestAsync("strike.txt");

        Assert.True(Assert.Single(await MatchRowsAsync()).Delivered);
    }

    [Fact]
    public async Task ChangedContentRemovesUndeliveredMatchesItNoLongerHas()
    {
        await AddWatchlistAsync("alice@example.com", "Ports", "Rotterdam");
        await AddWatchlistAsync("bob@example.com", "Energy", "solar");
        await UploadAsync("a.txt", Strike);
        await IngestAsync("a.txt");
        await UploadAsync("a.txt", "Solar news\n\nA solar farm opened in Chile.");

        await IngestAsync("a.txt");

        var row = Assert.Single(await MatchRowsAsync());
        Assert.Equal("bob@example.com", row.Email);
    }

    [Fact]
    public async Task ReprocessingAnArticleWithHundredsOfMatchesRemovesEveryStaleUndeliveredRowAndKeepsDeliveredOnes()
    {
        // More matches than the article row's match list holds (it is cut at 30,000 characters): every
        // subscriber follows Rotterdam, the even ones Antwerp too.
        var subscribers = Enumerable.Range(0, 450).Select(i => (Email: $"subscriber-{i:D4}@stale-rows.example", FollowsAntwerp: i % 2 == 0)).ToList();
        await Parallel.ForEachAsync(subscribers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (s, _) =>
            await AddWatchlistAsync(s.Email, "Port of Rotterdam and the Scheldt", s.FollowsAntwerp ? ["Rotterdam", "Antwerp"] : ["Rotterdam"]));
        await UploadAsync("strike.txt", "Strike at Rotterdam and Antwerp\n\nDock workers in Rotterdam and Antwerp stopped work on Monday.");
        await IngestAsync("strike.txt");
        var article = Assert.Single(await ArticlesAsync());
        Assert.Equal(subscribers.Count, article.MatchCount);
        Assert.True(article.Matches.Count < subscribers.Count, "the article row lists only some of its matches");

        // Every 50th subscriber has had their digest, on both sides of the cut.
        var delivered = subscribers.Where((_, i) => i % 50 == 1 || i % 50 == 2).Select(s => s.Email).ToHashSet();
        foreach (var row in (await MatchRowsAsync()).Where(r => delivered.Contains(r.Email)))
        {
            row.Delivered = true;
            await Storage.Table("Matches").UpdateEntityAsync(row, row.ETag);
        }

        await UploadAsync("strike.txt", "Strike at Antwerp\n\nDock workers in Antwerp stopped work on Monday.");
        await IngestAsync("strike.txt");

        var fewer = await MatchRowsAsync();
        Assert.Equal(
            subscribers.Where(s => s.FollowsAntwerp || delivered.Contains(s.Email)).Select(s => s.Email).Order(StringComparer.Ordinal),
            fewer.Select(r => r.Email).Order(StringComparer.Ordinal));
        Assert.All(fewer.Where(r => !delivered.Contains(r.Email)), r => Assert.False(r.Delivered));

        await UploadAsync("strike.txt", "A quiet day at the docks\n\nNothing happened at the port on Tuesday.");
        await IngestAsync("strike.txt");

        var none = await MatchRowsAsync();
        Assert.Equal(delivered.Order(StringComparer.Ordinal), none.Select(r => r.Email).Order(StringComparer.Ordinal));
        Assert.All(none, r => Assert.True(r.Delivered));
    }

    [Theory]
    [InlineData("a#b?c/d%e f.txt")]
    [InlineData("dossier/Ünïcødé 北京 новости #1?.md")]
    [InlineData("100%  sure  .txt")]
    public async Task AnyBlobNameIsProcessedAndListed(string name)
    {
        await AddWatchlistAsync("alice@example.com", "Ports", "Rotterdam");
        await UploadAsync(name, Strike);

        var result = await IngestAsync(name);

        Assert.Equal(ArticleStatus.Processed, result.Status);
        var article = Assert.Single(await ArticlesAsync());
        Assert.Equal(name, article.Name);
        Assert.Single(article.Matches);
    }

    [Fact]
    public async Task ThousandCharacterBlobNameIsProcessed()
    {
        var name = new string('é', 500) + "/" + new string('x', 495) + ".txt";
        await UploadAsync(name, Strike);
        Assert.Equal(ArticleStatus.Processed, (await IngestAsync(name)).Status);
        Assert.Equal(name, Assert.Single(await ArticlesAsync()).Name);
    }

    [Fact]
    public async Task ArticleOverTheSizeLimitIsRejectedAsTooLargeWithoutReadingIt()
    {
        await UploadAsync("big.txt", new string('a', 5000));

        var result = await IngestAsync("big.txt");

        Assert.Equal(ArticleStatus.Rejected, result.Status);
        Assert.Equal("too large: 5,000 bytes is over the 4,096-byte limit", result.Reason);
        Assert.Equal(result.Reason, Assert.Single(await ArticlesAsync(ArticleStatus.Rejected)).Reason);
    }

    public static TheoryData<string, byte[], string> BadInputs() => new()
    {
        { "empty.txt", [], "empty: the file has no content" },
        { "scan.pdf.txt", "%PDF-1.7\n%binary"u8.ToArray(), "binary content: the file is a PDF document, not text" },
        { "photo.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "binary content: the file is a PNG image, not text" },
        { "broken.json", "{\"title\": \"x\", body}"u8.ToArray(), "invalid JSON at line 1, position 16: the file does not parse" },
        { "scripts.html", "<html><body><script>steal()</script><script>more()</script></body></html>"u8.ToArray(), "no text: the html file holds no article text" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputIsRecordedAsRejectedWithAReason(string name, byte[] content, string reason)
    {
        await UploadAsync(name, content);

        var result = await IngestAsync(name);

        Assert.Equal(ArticleStatus.Rejected, result.Status);
        var article = Assert.Single(await ArticlesAsync());
        Assert.Equal(ArticleStatus.Rejected, article.Status);
        Assert.Equal(reason, article.Reason);
    }

    [Fact]
    public async Task InvalidUtf8IsProcessedAsWindows1252()
    {
        var bytes = Encoding.Latin1.GetBytes("Caf\u00e9 owners protest\n\nCaf\u00e9 owners in Rotterdam protested on Monday.");
        await AddWatchlistAsync("alice@example.com", "Ports", "Rotterdam");
        await UploadAsync("latin1.txt", bytes);

        Assert.Equal(ArticleStatus.Processed, (await IngestAsync("latin1.txt")).Status);
        Assert.Equal("Café owners protest", Assert.Single(await ArticlesAsync()).Title);
    }

    [Fact]
    public async Task BadReuploadKeepsWhatTheGoodVersionStored()
    {
        await AddWatchlistAsync("alice@example.com", "Ports", "Rotterdam");
        await UploadAsync("strike.txt", Strike);
        await IngestAsync("strike.txt");
        var good = Assert.Single(await ArticlesAsync());

        await UploadAsync("strike.txt", "%PDF-1.4 not an article"u8.ToArray());
        var result = await IngestAsync("strike.txt");

        Assert.Equal(ArticleStatus.Rejected, result.Status);
        var after = Assert.Single(await ArticlesAsync());
        Assert.Equal(ArticleStatus.Rejected, after.Status);
        Assert.StartsWith("binary content", after.Reason, StringComparison.Ordinal);
        Assert.Equal(good.Title, after.Title);
        Assert.Equal(good.Summary, after.Summary);
        Assert.Equal(good.Matches.Select(m => (m.Email, m.Watchlist, string.Join(",", m.Terms))), after.Matches.Select(m => (m.Email, m.Watchlist, string.Join(",", m.Terms))));
        Assert.Single(await MatchRowsAsync());
    }

    [Fact]
    public async Task TextLongerThanATablePropertyIsStoredBounded()
    {
        await using var large = await Testing.TestStorage.StartAsync();
        var sentence = "The port of Rotterdam reported another busy week for container traffic. ";
        var body = string.Concat(Enumerable.Repeat(sentence, 20_000));
        var title = string.Join(' ', Enumerable.Repeat("Rotterdam", 400));
        var tables = large.Get<NewsAlertsStorage>();
        await tables.EnsureCreatedAsync();
        var json = System.Text.Json.JsonSerializer.Serialize(new { title, body });
        await tables.ArticlesContainer.GetBlobClient("long.json").UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(json)));
        await large.Get<Watchlists.WatchlistService>().AddAsync("alice@example.com", "Ports", ["Rotterdam"]);

        var result = await large.Get<ArticleIngestor>().IngestAsync("long.json");

        Assert.Equal(ArticleStatus.Processed, result.Status);
        var article = (await large.Get<ArticleStore>().FindAsync(result.Name))!;
        Assert.True(article.Title!.Length <= ArticleReader.MaxTitleLength + 1);
        Assert.True(article.Summary!.Length <= ArticleStore.MaxSummaryLength);
    }

    [Fact]
    public async Task BlobThatNoLongerExistsRecordsNothing()
    {
        var result = await IngestAsync("deleted-before-processing.txt");
        Assert.Null(result.Status);
        Assert.Empty(await ArticlesAsync());
    }

    [Fact]
    public async Task SameContentUnderTwoNamesSharesOneStory()
    {
        await UploadAsync("one.txt", Strike);
        await UploadAsync("two.html", $"<html><head><title>Another outlet's title</title></head><body><nav>Menu</nav><p>{StrikeBody}</p></body></html>");
        await IngestAsync("one.txt");
        await IngestAsync("two.html");

        var stories = (await ArticlesAsync()).Select(a => a.Story).Distinct().ToList();
        Assert.Single(stories);
    }

    [Fact]
    public async Task WatchlistAddedLaterIsUsedForTheNextArticle()
    {
        await UploadAsync("a.txt", Strike);
        await IngestAsync("a.txt");
        Assert.Empty(Assert.Single(await ArticlesAsync()).Matches);

        await AddWatchlistAsync("alice@example.com", "Ports", "Rotterdam");
        await IngestAsync("a.txt");

        Assert.Single(Assert.Single(await ArticlesAsync()).Matches);
    }
}
