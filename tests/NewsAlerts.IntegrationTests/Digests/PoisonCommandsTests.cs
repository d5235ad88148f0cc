using System.Text.Json;
using NewsAlerts.Cli;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Storage;
using NewsAlerts.Testing;

namespace NewsAlerts.Digests;

/// <summary><c>newsalerts digest poison</c> and <c>requeue-poison</c>, run in-process against the same Azurite names as a test host.</summary>
public class PoisonCommandsTests
{
    [Fact]
    public async Task PoisonJsonListsEachMessageWithItsSubscriberAndDigest()
    {
        await using var storage = await StartWithPoisonAsync(new DigestRequest("alice@example.com", "20261124T0900Z").ToJson());

        var (exit, output, _) = await RunAsync(storage, "digest", "poison", "--json");

        Assert.Equal(ExitCodes.Success, exit);
        var message = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal("alice@example.com", message.GetProperty("email").GetString());
        Assert.Equal("20261124T0900Z", message.GetProperty("digestId").GetString());
        Assert.Equal(0, message.GetProperty("dequeueCount").GetInt64());
        Assert.True(message.GetProperty("insertedOn").GetDateTimeOffset() > DateTimeOffset.MinValue);
    }

    [Fact]
    public async Task PoisonShowsATableForPeopleAndSaysWhenThereIsNone()
    {
        await using var storage = await StartWithPoisonAsync(new DigestRequest("alice@example.com", "20261124T0900Z").ToJson());

        var (_, table, _) = await RunAsync(storage, "digest", "poison");
        await RunAsync(storage, "digest", "requeue-poison");
        var (exit, empty, _) = await RunAsync(storage, "digest", "poison");

        Assert.Contains("alice@example.com", table, StringComparison.Ordinal);
        Assert.Contains("20261124T0900Z", table, StringComparison.Ordinal);
        Assert.Contains("requeue-poison", table, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains($"No digest messages on digest-{storage.Id}-poison", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequeuePoisonMovesDigestRequestsBackToTheDigestQueue()
    {
        await using var storage = await StartWithPoisonAsync(
            new DigestRequest("alice@example.com", "20261124T0900Z").ToJson(),
            new DigestRequest("bob@example.com", "20261124T0900Z").ToJson());

        var (exit, output, _) = await RunAsync(storage, "digest", "requeue-poison");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.StartsWith("Moved 2 digest message(s) from", output, StringComparison.Ordinal);
        var queued = (await storage.Get<NewsAlertsStorage>().DigestQueue.PeekMessagesAsync(32)).Value;
        Assert.Equal(["alice@example.com", "bob@example.com"], queued.Select(m => DigestRequest.Parse(m.Body.ToString()).Email).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RequeuePoisonFailsNamingMessagesItCannotRequeue()
    {
        await using var storage = await StartWithPoisonAsync("garbage", new DigestRequest("alice@example.com", "20261124T0900Z").ToJson());

        var (exit, output, error) = await RunAsync(storage, "digest", "requeue-poison");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("Moved 1 digest message(s)", output, StringComparison.Ordinal);
        Assert.Contains("is not a digest request", error, StringComparison.Ordinal);
        Assert.Contains("garbage", error, StringComparison.Ordinal);
    }

    private static async Task<TestStorage> StartWithPoisonAsync(params string[] messages)
    {
        var storage = await TestStorage.StartAsync();
        var queues = storage.Get<NewsAlertsStorage>();
        await queues.EnsureCreatedAsync();
        foreach (var message in messages)
        {
            await queues.DigestPoisonQueue.SendMessageAsync(message);
        }

        return storage;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(TestStorage storage, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var folder = Directory.CreateTempSubdirectory("newsalerts-cli-");
        try
        {
            var cli = CliContext.Plain(output, error) with
            {
                ContentRoot = folder.FullName,
                Configuration = await TestStorage.SettingsAsync(storage.Id, storage.Outbox),
            };
            var exit = await NewsAlertsCli.RunAsync(args, cli);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
