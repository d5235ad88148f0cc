using MimeKit;
using NewsAlerts.Cli.Local;
using NewsAlerts.Digests;
using NewsAlerts.Storage;

namespace NewsAlerts.Watchlists;

public class QueryWatchlistTests : StorageTest
{
    private const string Visit = "Kim Jong-un’s visit to Moscow\n\nNorth Korean leader Kim Jongun arrived in Moscow on Tuesday. Officials said the visits would continue next year.";
    private const string Football = "Pyongyang football\n\nKim Jong Un watched the football final while on a visit to the stadium.";

    private WatchlistService Service => Storage.Get<WatchlistService>();

    [Fact]
    public async Task QueryWatchlistMatchesThroughThePipelineWithScoreAndSnippets()
    {
        await Service.AddAsync(new WatchlistRequest { Email = "alice@example.com", Name = "Korea", Query = "\"Kim Jong-un\" visit* -football", Stem = false });
        await Service.AddAsync("bob@example.com", "Plain", ["Moscow"]);
        await UploadAsync("visit.txt", Visit);
        await UploadAsync("football.txt", Football);

        await IngestAsync("visit.txt");
        await IngestAsync("football.txt");

        var rows = await MatchRowsAsync();
        var korea = Assert.Single(rows, r => r.Watchlist == "Korea");
        Assert.Equal(TableKeys.ArticleId("visit.txt"), korea.ArticleId);
        Assert.Equal("[\"Kim Jong-un\",\"visit*\"]", korea.TermsJson);
        Assert.True(korea.Score >= 4, $"score {korea.Score}");
        var snippet = korea.ReadSnippets()[0];
        Assert.Contains("*Kim Jongun*", snippet.ToMarkedText(), StringComparison.Ordinal);
        Assert.Contains("*visits*", string.Join(' ', korea.ReadSnippets().Select(s => s.ToMarkedText())), StringComparison.Ordinal);
        Assert.Single(rows, r => r.Watchlist == "Plain");
    }

    [Fact]
    public async Task StemmedWatchlistMatchesInflectionsAndTheDigestMarksTheHits()
    {
        await Service.AddAsync(new WatchlistRequest { Email = "alice@example.com", Name = "Visits", Query = "title:moscow visit", Stem = true });
        await UploadAsync("visit.txt", Visit);
        await IngestAsync("visit.txt");

        await Storage.Get<DigestRunner>().RunAsync();

        var email = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(Storage.Outbox, "*.eml")));
        Assert.Contains(">visits</mark>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("*visits*", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidQueryIsRefusedWithItsPositionAndNothingIsStored()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Service.AddAsync(new WatchlistRequest { Email = "alice@example.com", Name = "Korea", Query = "nuclear test \"Kim Jong-un", Stem = false }));
        Assert.Equal(new ValidationError("query", "unbalanced quote at 14"), Assert.Single(error.Errors));

        var both = await Assert.ThrowsAsync<ValidationException>(() => Service.AddAsync(new WatchlistRequest { Email = "alice@example.com", Name = "Korea", Terms = ["kim"], Query = "kim", Stem = false }));
        Assert.Equal(new ValidationError("query", "give either terms or a query, not both"), Assert.Single(both.Errors));
        Assert.Empty(await Service.ListAsync());
    }

    [Fact]
    public async Task QueryAndStemAreStoredAndOlderRowsStayTermLists()
    {
        await Service.AddAsync(new WatchlistRequest { Email = "alice@example.com", Name = "Korea", Terms = [], Query = "title:\"Kim Jong-un\"", Stem = true });
        await Storage.Table("Watchlists").UpsertEntityAsync(new WatchlistEntity
        {
            PartitionKey = TableKeys.Subscriber("alice@example.com"),
            RowKey = TableKeys.Watchlist("Old"),
            Email = "alice@example.com",
            Name = "Old",
            TermsJson = "[\"Rotterdam\"]",
        });

        var watchlists = Assert.Single(await Service.ListAsync()).Watchlists;
        Assert.Equal(new Watchlist("alice@example.com", "Korea", [], "title:\"Kim Jong-un\"", true), watchlists[0] with { Terms = [] });
        Assert.Empty(watchlists[0].Terms);
        Assert.Null(watchlists[1].Query);
        Assert.False(watchlists[1].Stem);
        Assert.Equal(["Rotterdam"], watchlists[1].Terms);
    }
}
