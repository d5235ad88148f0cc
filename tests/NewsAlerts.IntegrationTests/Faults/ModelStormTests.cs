using NewsAlerts.Articles;
using NewsAlerts.Cli.Local;
using NewsAlerts.Storage;
using NewsAlerts.Summaries;
using NewsAlerts.Testing;

namespace NewsAlerts.Faults;

/// <summary>The model endpoint in a storm of refusals and silences, through the real Azure.AI.OpenAI client and the container scan.</summary>
public sealed class ModelStormTests
{
    private const int ArticleCount = 8;

    [Fact]
    public async Task AStormOf429s500sAndTimeoutsLeavesEveryArticleProcessedWithAFlaggedExtractiveSummary()
    {
        await using var model = await ScriptedOpenAIServer.StartAsync();
        var requests = 0;
        model.Responder = _ => (Interlocked.Increment(ref requests) % 4) switch
        {
            0 => ScriptedAnswer.Error(429, "rate_limit_exceeded", "Rate limit reached", new Dictionary<string, string> { ["Retry-After"] = "0" }),
            1 => ScriptedAnswer.Error(500),
            2 => ScriptedAnswer.Error(503, "service_unavailable", "The service is busy"),
            _ => ScriptedAnswer.Summary("Too late to count.", delay: TimeSpan.FromSeconds(10)),
        };
        var settings = model.Settings("gpt-test");
        settings["OpenAI:DeadlineSeconds"] = "3";
        settings["OpenAI:AttemptTimeoutSeconds"] = "0.5";
        await using var storage = await TestStorage.StartAsync(settings);
        for (var i = 0; i < ArticleCount; i++)
        {
            await storage.UploadAsync($"storm-{i:D2}.txt", $"Storm report {i}\n\nHigh winds closed the bridge at kilometre {i} on Tuesday. Ferries stayed in port and schools shut early across the region.");
        }

        var scan = await storage.Get<ArticleScanner>().ProcessPendingAsync();

        Assert.Empty(scan.Errors);
        Assert.Equal(ArticleCount, scan.Processed.Count);
        var articles = new List<Article>();
        await foreach (var article in storage.Get<ArticleStore>().ListAsync())
        {
            articles.Add(article);
        }

        Assert.Equal(ArticleCount, articles.Count);
        Assert.All(articles, article =>
        {
            Assert.Equal(ArticleStatus.Processed, article.Status);
            Assert.Equal(ExtractiveSummarizer.Name, article.Summarizer);
            Assert.StartsWith("azure-openai:gpt-test not used: ", article.SummaryNote, StringComparison.Ordinal);
            Assert.Contains("bridge", article.Summary, StringComparison.Ordinal);
        });

        // Every article asked the model (and was refused) before it fell back.
        Assert.True(model.Requests.Count >= ArticleCount, $"{model.Requests.Count} requests for {ArticleCount} articles; notes: {string.Join(" | ", articles.Select(a => a.SummaryNote))}");
    }
}
