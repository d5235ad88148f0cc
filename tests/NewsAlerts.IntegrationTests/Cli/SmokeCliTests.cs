using System.Text.Json;
using Azure.Data.Tables;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Local;
using NewsAlerts.Storage;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Cli;

/// <summary><c>newsalerts smoke</c> against a storage account an app is (or is not) processing.</summary>
public sealed class SmokeCliTests : IAsyncLifetime
{
    private Dictionary<string, string?> _settings = [];
    private TestStorage _app = null!;

    public async Task InitializeAsync()
    {
        _settings = await TestStorage.SettingsAsync(Guid.NewGuid().ToString("N")[..12], Directory.CreateTempSubdirectory("newsalerts-smoke-").FullName);
        _app = await TestStorage.StartAsync(_settings);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SmokeSeesTheAppStoreItsArticleWhichReachesNoSubscriberAndLeavesNothingBehind()
    {
        // Someone watching wildfire smoke must not get the check in a digest.
        await _app.Get<WatchlistService>().AddAsync("alice@example.com", "Wildfires", ["smoke", "newsalerts"]);
        using var stop = new CancellationTokenSource();
        var processing = ProcessUploadsAsync(stop.Token);

        var result = await CliRunner.RunAsync(_settings, "smoke", "--timeout", "60", "--json");
        await stop.CancelAsync();
        await processing;

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("processed", json.GetProperty("status").GetString());
        Assert.Equal("extractive", json.GetProperty("summarizer").GetString());
        Assert.StartsWith("newsalerts-smoke/", json.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _app.Table("Matches").QueryAsync<TableEntity>().ToListAsync());
        Assert.Empty(await _app.Table("Articles").QueryAsync<TableEntity>().ToListAsync());
        Assert.Empty(await _app.Get<NewsAlertsStorage>().ArticlesContainer.GetBlobsAsync().ToListAsync());
    }

    [Fact]
    public async Task WhenNothingProcessesTheArticleSmokeFailsSayingWhatToCheckAndRemovesItsUpload()
    {
        var result = await CliRunner.RunAsync(_settings, "smoke", "--timeout", "2");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("stored no row for newsalerts-smoke/", result.Error, StringComparison.Ordinal);
        Assert.Contains("event-subscription list", result.Error, StringComparison.Ordinal);
        Assert.Empty(await _app.Get<NewsAlertsStorage>().ArticlesContainer.GetBlobsAsync().ToListAsync());
    }

    [Fact]
    public async Task WithoutAStorageAccountSmokeRefusesToCheckAPrivateAzurite()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string?>(), "smoke");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("AzureWebJobsStorage is not set", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("starting a private Azurite", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Plays the deployed app: processes each new upload as its blob trigger would.</summary>
    private async Task ProcessUploadsAsync(CancellationToken cancellationToken)
    {
        var scanner = _app.Get<ArticleScanner>();
        while (!cancellationToken.IsCancellationRequested)
        {
            await scanner.ProcessPendingAsync(cancellationToken: CancellationToken.None);
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
