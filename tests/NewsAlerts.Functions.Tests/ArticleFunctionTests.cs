using NewsAlerts.Articles;
using NewsAlerts.Functions.Articles;
using NewsAlerts.Functions.Support;
using NewsAlerts.Storage;
using NewsAlerts.Testing;

namespace NewsAlerts.Functions;

/// <summary>The blob-triggered functions over Azurite-backed Core.</summary>
public class ArticleFunctionTests
{
    private const string Article = "Dock workers at Rotterdam walk out for 48 hours\n\nDock workers at the port of Rotterdam began a 48-hour strike on Monday after talks over night-shift pay broke down.";

    [Fact]
    public async Task ProcessArticleStoresTheUploadedArticle()
    {
        await using var storage = await TestStorage.StartAsync();
        var blob = await storage.UploadAsync("2026/11/rotterdam-strike.txt", Article);

        await new ProcessArticle(storage.Get<ArticleIngestor>()).RunAsync(blob, blob.Name, new TestFunctionContext(storage.Services));

        var article = Assert.Single(await storage.Get<ArticleStore>().ListAsync().ToListAsync());
        Assert.Equal("2026/11/rotterdam-strike.txt", article.Name);
        Assert.Equal(ArticleStatus.Processed, article.Status);
        Assert.Equal("Dock workers at Rotterdam walk out for 48 hours", article.Title);
    }

    [Fact]
    public async Task ThePollingTwinProcessesTheSameWayAndARepeatLeavesOneArticle()
    {
        await using var storage = await TestStorage.StartAsync();
        var blob = await storage.UploadAsync("strike.txt", Article);
        var function = new ProcessArticlePolling(storage.Get<ArticleIngestor>());

        await function.RunAsync(blob, blob.Name, new TestFunctionContext(storage.Services));
        await function.RunAsync(blob, blob.Name, new TestFunctionContext(storage.Services));

        var article = Assert.Single(await storage.Get<ArticleStore>().ListAsync().ToListAsync());
        Assert.Equal(ArticleStatus.Processed, article.Status);
    }

    [Fact]
    public async Task ProcessArticleStopsWhenTheInvocationIsCancelled()
    {
        await using var storage = await TestStorage.StartAsync();
        var blob = await storage.UploadAsync("strike.txt", Article);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ProcessArticle(storage.Get<ArticleIngestor>()).RunAsync(blob, blob.Name, new TestFunctionContext(storage.Services, cancellationToken: cancelled.Token)));
    }
}
