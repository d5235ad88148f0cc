using Azure;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using NewsAlerts.Articles;
using NewsAlerts.Summaries;
using NewsAlerts.Testing;

namespace NewsAlerts.Cli.Local;

public class ArticleScannerTests : StorageTest
{
    [Fact]
    public async Task EachBlobIsProcessedOnceAcrossScansAndRestarts()
    {
        await UploadAsync("a.txt", "A\n\nFirst article text.");
        await UploadAsync("b.txt", "B\n\nSecond article text.");

        var first = await Storage.Get<ArticleScanner>().ProcessPendingAsync();
        var second = await Storage.Get<ArticleScanner>().ProcessPendingAsync();

        // A new host over the same storage stands for a restart: receipts are in storage, not memory.
        var settings = await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox);
        await using var restarted = await TestStorage.StartAsync(settings);
        var afterRestart = await restarted.Get<ArticleScanner>().ProcessPendingAsync();

        Assert.Equal(["a.txt", "b.txt"], first.Processed.Select(p => p.Name));
        Assert.Empty(second.Processed);
        Assert.Empty(afterRestart.Processed);
    }

    [Fact]
    public async Task ChangedBlobIsProcessedAgain()
    {
        await UploadAsync("a.txt", "A\n\nFirst version.");
        await Storage.Get<ArticleScanner>().ProcessPendingAsync();
        await UploadAsync("a.txt", "A\n\nSecond version, with more words.");

        var scan = await Storage.Get<ArticleScanner>().ProcessPendingAsync();

        Assert.Equal("a.txt", Assert.Single(scan.Processed).Name);
        Assert.Contains("Second version", Assert.Single(await ArticlesAsync()).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedBlobIsNotRetriedAndDoesNotStopTheScan()
    {
        await UploadAsync("empty.txt", []);
        await UploadAsync("good.txt", "Good\n\nA readable article.");

        var first = await Storage.Get<ArticleScanner>().ProcessPendingAsync();
        var second = await Storage.Get<ArticleScanner>().ProcessPendingAsync();

        Assert.Equal([ArticleStatus.Rejected, ArticleStatus.Processed], first.Processed.Select(p => p.Status));
        Assert.Empty(second.Processed);
    }

    [Fact]
    public async Task BlobWhoseProcessingKeepsThrowingIsGivenUpAndRecordedAsFailed()
    {
        // The seam: a storage outage inside the pipeline, which Azurite cannot be made to produce on cue.
        var summarizer = new Mock<ISummarizer>();
        summarizer.Setup(s => s.SummarizeAsync(It.IsAny<SummaryRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(503, "Server busy"));
        await using var failing = await TestStorage.StartAsync(new Dictionary<string, string?> { ["NewsAlerts:MaxDequeueCount"] = "3" }, services => services.AddSingleton(summarizer.Object));
        var tables = failing.Get<Storage.NewsAlertsStorage>();
        await tables.EnsureCreatedAsync();
        await tables.ArticlesContainer.GetBlobClient("a.txt").UploadAsync(new BinaryData("A\n\nText."u8.ToArray()));
        var scanner = failing.Get<ArticleScanner>();

        var scans = new List<ScanResult>();
        for (var i = 0; i < 4; i++)
        {
            scans.Add(await scanner.ProcessPendingAsync());
        }

        Assert.All(scans.Take(3), s => Assert.Equal("a.txt: storage error (503): Server busy", Assert.Single(s.Errors)));
        Assert.Empty(scans[3].Errors);
        await foreach (var article in failing.Get<Storage.ArticleStore>().ListAsync())
        {
            Assert.Equal(ArticleStatus.Failed, article.Status);
            Assert.Equal("gave up after 3 tries: storage error (503): Server busy", article.Reason);
        }

        summarizer.Verify(s => s.SummarizeAsync(It.IsAny<SummaryRequest>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task PermanentStorageRefusalIsGivenUpAtOnceWithAOneLineReason()
    {
        // The seam: a request the service refuses for good, as real storage answers a name it does not accept.
        const string SdkMessage = "The specifed resource name contains invalid characters.\nRequestId:4f1c\nTime:2026-12-07T00:00:00Z\r\nStatus: 400 (The specifed resource name contains invalid characters.)\nErrorCode: InvalidResourceName\n\nContent:\n<?xml version=\"1.0\"?><Error><Code>InvalidResourceName</Code></Error>\n\nHeaders:\nServer: Azurite-Blob/3.35.0\nx-ms-request-id: 4f1c";
        var summarizer = new Mock<ISummarizer>();
        summarizer.Setup(s => s.SummarizeAsync(It.IsAny<SummaryRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(400, SdkMessage, "InvalidResourceName", null));
        await using var failing = await TestStorage.StartAsync(services: services => services.AddSingleton(summarizer.Object));
        await failing.UploadAsync("a.txt", "A\n\nText.");
        var scanner = failing.Get<ArticleScanner>();

        var first = await scanner.ProcessPendingAsync();
        var second = await scanner.ProcessPendingAsync();

        const string Reason = "storage error (400 InvalidResourceName): The specifed resource name contains invalid characters.";
        Assert.Equal("a.txt: " + Reason, Assert.Single(first.Errors));
        Assert.Empty(second.Errors);
        Assert.Empty(second.Processed);
        var article = Assert.Single(await ListAsync(failing));
        Assert.Equal((ArticleStatus.Failed, "gave up after 1 try: " + Reason), (article.Status, article.Reason));
        summarizer.Verify(s => s.SummarizeAsync(It.IsAny<SummaryRequest>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    private static async Task<List<Article>> ListAsync(TestStorage storage)
    {
        var articles = new List<Article>();
        await foreach (var article in storage.Get<Storage.ArticleStore>().ListAsync())
        {
            articles.Add(article);
        }

        return articles;
    }
}
