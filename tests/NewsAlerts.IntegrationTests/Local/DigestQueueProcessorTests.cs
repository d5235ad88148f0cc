using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Moq;
using NewsAlerts.Articles;
using NewsAlerts.Digests;
using NewsAlerts.Email;
using NewsAlerts.Storage;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Cli.Local;

/// <summary>The local queue drain retries and poisons digest messages as the Functions host does, on Azurite.</summary>
public class DigestQueueProcessorTests
{
    [Theory]
    [InlineData(null, 5)]
    [InlineData("2", 2)]
    public async Task AMessageThatFailsEveryTimeIsTriedMaxDequeueCountTimesThenPoisoned(string? maxDequeueCount, int tries)
    {
        var email = MailThatFailsEveryTime();
        var settings = maxDequeueCount is null ? [] : new Dictionary<string, string?> { ["NewsAlerts:MaxDequeueCount"] = maxDequeueCount };
        await using var storage = await TestStorage.StartAsync(settings, s => s.AddSingleton(email.Object));
        var queue = await PlanOneDigestAsync(storage);
        queue.RetryDelay = TimeSpan.Zero;

        var drain = await queue.DrainAsync();

        Assert.Equal(tries, drain.Failures.Count);
        Assert.Equal(1, drain.Poisoned);
        email.Verify(e => e.SendAsync(It.IsAny<MimeMessage>(), It.IsAny<CancellationToken>()), Times.Exactly(tries));
        var tables = storage.Get<NewsAlertsStorage>();
        var poisoned = (await tables.DigestPoisonQueue.ReceiveMessageAsync()).Value;
        Assert.Equal("bob@example.com", DigestRequest.Parse(poisoned.MessageText).Email);
        Assert.Equal(0, (await tables.DigestQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task AMessageThatFailsTwiceThenSucceedsIsSentOnce()
    {
        var email = new Mock<IEmailSender>();
        email.SetupSequence(e => e.SendAsync(It.IsAny<MimeMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("connection reset"))
            .ThrowsAsync(new IOException("connection reset"))
            .ReturnsAsync("smtp://mail.example");
        await using var storage = await TestStorage.StartAsync(services: s => s.AddSingleton(email.Object));
        var queue = await PlanOneDigestAsync(storage);

        // Long enough that the message is invisible when the drain first looks again: the drain waits for it.
        queue.RetryDelay = TimeSpan.FromMilliseconds(500);

        var results = new KeptDigestResults();
        var drain = await queue.DrainAsync(results);

        Assert.Equal(1, drain.Sent);
        Assert.Equal(["bob@example.com"], results.Results.Select(r => r.Email));
        Assert.Equal((2, 2), (drain.Failures.Count, drain.FailedTries));
        Assert.Equal(0, drain.Poisoned);
        email.Verify(e => e.SendAsync(It.IsAny<MimeMessage>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        var tables = storage.Get<NewsAlertsStorage>();
        Assert.Equal(0, (await tables.DigestQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, (await tables.DigestPoisonQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task OnePassLeavesAFailedMessageOnTheQueueForALaterPass()
    {
        await using var storage = await TestStorage.StartAsync(services: s => s.AddSingleton(MailThatFailsEveryTime().Object));
        var queue = await PlanOneDigestAsync(storage);

        var pass = await queue.HandleVisibleAsync();

        Assert.StartsWith("message ", Assert.Single(pass.Failures), StringComparison.Ordinal);
        Assert.Contains("(try 1 of 5)", pass.Failures[0], StringComparison.Ordinal);
        Assert.Equal(0, pass.Poisoned);
        Assert.Equal(1, (await storage.Get<NewsAlertsStorage>().DigestQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task AnUnreadableMessageIsPoisonedAtOnce()
    {
        await using var storage = await TestStorage.StartAsync();
        var tables = storage.Get<NewsAlertsStorage>();
        await tables.EnsureCreatedAsync();
        await tables.DigestQueue.SendMessageAsync("not json");

        var drain = await storage.Get<DigestQueueProcessor>().DrainAsync();

        Assert.Equal(1, drain.Poisoned);
        Assert.StartsWith("message ", Assert.Single(drain.Failures), StringComparison.Ordinal);
    }

    // The seam: a mail server that fails on cue; MailDev only ever accepts.
    private static Mock<IEmailSender> MailThatFailsEveryTime()
    {
        var email = new Mock<IEmailSender>();
        email.Setup(e => e.SendAsync(It.IsAny<MimeMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("connection reset"));
        return email;
    }

    /// <summary>Gives bob one undelivered match and plans his digest; returns the drain that will send it.</summary>
    private static async Task<DigestQueueProcessor> PlanOneDigestAsync(TestStorage storage)
    {
        await storage.Get<WatchlistService>().AddAsync("bob@example.com", "Markets", ["inflation"]);
        var tables = storage.Get<NewsAlertsStorage>();
        await tables.ArticlesContainer.GetBlobClient("r.txt").UploadAsync(new BinaryData("Rates\n\nInflation is cooling."u8.ToArray()));
        Assert.Equal(1, (await storage.Get<ArticleIngestor>().IngestAsync("r.txt")).MatchCount);
        Assert.Equal(1, (await storage.Get<DigestPlanner>().PlanAsync()).Enqueued);
        return storage.Get<DigestQueueProcessor>();
    }
}
