using Azure.Data.Tables;
using NewsAlerts.Functions.HostProtocol;
using NewsAlerts.Storage;
using NewsAlerts.Testing;

namespace NewsAlerts.Functions.EndToEnd;

/// <summary>The blob-triggered functions, run by the real worker as the host invokes them.</summary>
public sealed class ArticleTriggerTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    /// <summary>Two different events, so that each function's article starts its own story, as it does in the CLI's storage.</summary>
    private static readonly Dictionary<string, string> Articles = new()
    {
        ["ProcessArticle"] = """
            ---
            title: Dock workers at Rotterdam walk out for 48 hours
            source: Harbour Times
            url: https://harbour.example.com/rotterdam-strike
            date: 2026-11-23T08:00:00Z
            ---
            Dock workers at the port of Rotterdam began a 48-hour strike on Monday after talks over night-shift pay broke down.
            Container ships were diverted to Antwerp and Hamburg, and the port authority said it expected delays into next week.
            The union said talks would resume on Wednesday.
            """,
        ["ProcessArticlePolling"] = """
            ---
            title: Felixstowe crane failure leaves container ships waiting
            source: Shipping Daily
            url: https://shipping.example.com/felixstowe-cranes
            date: 2026-11-25T10:30:00Z
            ---
            A power fault disabled four cranes at the port of Felixstowe on Tuesday, leaving a dozen container ships at anchor off the Suffolk coast.
            Dock workers were sent home without pay, and their union warned it would ballot for a strike if the shifts were not paid.
            Engineers expect the cranes to be working again by Friday.
            """,
    };

    /// <summary>Columns that say when or which upload, not what was stored: they differ between any two runs.</summary>
    private static readonly string[] RunColumns = ["Timestamp", "odata.etag", "ProcessedAt", "MatchedAt", "BlobETag"];

    [Theory]
    [InlineData("ProcessArticle")]
    [InlineData("ProcessArticlePolling")]
    public async Task AnUploadStoresWhatTheCliHostStoresAndARepeatChangesNothing(string function)
    {
        var name = $"rotterdam-strike-{function}.md";
        var cli = await TestStorage.SettingsAsync(Guid.NewGuid().ToString("N")[..12], app.Storage.Outbox);
        foreach (var key in app.Settings.Keys.Where(k => k.StartsWith("OpenAI:", StringComparison.Ordinal)))
        {
            cli[key] = app.Settings[key];
        }

        var file = Path.Combine(Directory.CreateTempSubdirectory("newsalerts-article-").FullName, name);
        await File.WriteAllTextAsync(file, Articles[function]);
        foreach (var settings in new[] { app.Settings, cli })
        {
            await RunCliAsync(settings, "watchlist", "add", "--email", "alice@example.com", "--name", "Ports", "Rotterdam", "dock workers");
            await RunCliAsync(settings, "watchlist", "add", "--email", "bob@example.com", "--name", "Shipping", "--query", "strike AND (port OR harbour) -football");
            await RunCliAsync(settings, "upload", file);
        }

        var first = await app.Host.InvokeBlobAsync(function, name);
        var stored = await RowsAsync(app.Storage, name);
        var modelCalls = app.OpenAI.Requests.Count;
        var second = await app.Host.InvokeBlobAsync(function, name);
        var storedAgain = await RowsAsync(app.Storage, name);
        var modelCallsAgain = app.OpenAI.Requests.Count;
        await RunCliAsync(cli, "process");
        await using var cliStorage = await TestStorage.StartAsync(cli);

        Assert.True(first.Succeeded, first.ToString());
        Assert.True(second.Succeeded, second.ToString());
        Assert.Contains("processed", stored[0]["Status"], StringComparison.Ordinal);
        Assert.Equal("Dock workers in Rotterdam went on strike over pay.", stored[0]["Summary"]);
        Assert.Equal("s" + TableKeys.ArticleId(name)[..20], stored[0]["StoryId"]);
        Assert.Equal(["alice@example.com", "bob@example.com"], stored.Skip(1).Select(row => row["Email"]));
        Assert.Equal(stored, storedAgain);
        Assert.Equal(modelCalls, modelCallsAgain);
        Assert.Equal(await RowsAsync(cliStorage, name), stored);
    }

    [Fact]
    public async Task ABlobThatIsGoneIsNotAnErrorAndStoresNothing()
    {
        var invocation = await app.Host.InvokeBlobAsync("ProcessArticle", "deleted-before-the-event-arrived.txt");

        Assert.True(invocation.Succeeded, invocation.ToString());
        Assert.Contains(invocation.Logs, log => log.Message.Contains("no longer exists", StringComparison.Ordinal));
        Assert.Empty(await RowsAsync(app.Storage, "deleted-before-the-event-arrived.txt"));
    }

    private static async Task RunCliAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var result = await CliRunner.RunAsync(settings, args);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>The article's row, then its match rows by subscriber, as column → value without the run's columns.</summary>
    private static async Task<List<SortedDictionary<string, string>>> RowsAsync(TestStorage storage, string name)
    {
        var id = TableKeys.ArticleId(name);
        var rows = new List<SortedDictionary<string, string>>();
        var article = await storage.Table("Articles").GetEntityIfExistsAsync<TableEntity>(id, "article");
        if (article.HasValue)
        {
            rows.Add(Columns(article.Value!));
        }

        await foreach (var match in storage.Table("Matches").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ArticleId eq {id}")))
        {
            rows.Add(Columns(match));
        }

        return rows;
    }

    private static SortedDictionary<string, string> Columns(TableEntity row) =>
        new(row.Where(column => !RunColumns.Contains(column.Key)).ToDictionary(column => column.Key, column => Convert.ToString(column.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty), StringComparer.Ordinal);
}
