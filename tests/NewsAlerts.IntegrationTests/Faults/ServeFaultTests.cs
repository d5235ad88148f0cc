using System.Runtime.InteropServices;
using NewsAlerts.Articles;
using NewsAlerts.Cli;
using NewsAlerts.Cli.Local;
using NewsAlerts.Storage;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Faults;

/// <summary>
/// <c>newsalerts serve</c> as a real process, stopped, killed or cut off from storage in the middle of ingesting, then
/// run again: in the end every article is processed once, with one match row, and nothing was lost on the way.
/// The model answers slowly (a scripted endpoint), so the ingest is still going when the fault comes. Storage is the
/// shared Azurite, behind a relay for the outage.
/// </summary>
public sealed class ServeFaultTests : IAsyncLifetime
{
    private const int ArticleCount = 12;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly List<CliProcess> _processes = [];
    private ScriptedOpenAIServer _model = null!;
    private StorageCutoff? _cutoff;
    private TestStorage _storage = null!;
    private Dictionary<string, string?> _serveSettings = [];

    public async Task InitializeAsync() => _model = await ScriptedOpenAIServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        if (_cutoff is not null)
        {
            await _cutoff.DisposeAsync();
        }

        await _model.DisposeAsync();
    }

    [Fact]
    public async Task ServeKilledMidIngestLeavesEveryArticleProcessedOnceWithOneMatchRowAfterARestart()
    {
        await PrepareAsync();
        var serve = StartServe();
        Assert.True(await serve.WaitForErrorLineAsync(IsProcessedLine, Generous), serve.Error);

        serve.Kill();

        Assert.NotNull(await serve.WaitForExitAsync(StopTimeout));
        await AssertRestartFinishesTheRestOnceAsync(ProcessedLines(serve));
    }

    [Theory]
    [InlineData(PosixSignal.SIGINT, ExitCodes.Cancelled)]
    [InlineData(PosixSignal.SIGTERM, ExitCodes.Terminated)]
    public async Task ServeStoppedBySignalMidIngestExitsWithItsCodeAndARestartProcessesTheRestOnce(PosixSignal signal, int exitCode)
    {
        await PrepareAsync();
        var serve = StartServe();
        Assert.True(await serve.WaitForErrorLineAsync(IsProcessedLine, Generous), serve.Error);

        await serve.SignalAsync(signal);

        var exited = await serve.WaitForExitAsync(StopTimeout);
        Assert.True(exited is not null, $"serve was still running {StopTimeout.TotalSeconds} s after {signal}:\n{serve.Error}");
        Assert.Equal(exitCode, exited);
        Assert.Contains("Stopped.", serve.ErrorLines);
        await AssertRestartFinishesTheRestOnceAsync(ProcessedLines(serve));
    }

    [Fact]
    public async Task ProcessStoppedByCtrlCMidIngestExits130AndTheNextProcessFinishesTheRestOnce()
    {
        await PrepareAsync();
        var process = CliProcess.Start(_serveSettings, "process");
        _processes.Add(process);
        var asked = await WaitForAsync(() => !_model.Requests.IsEmpty);

        await process.SignalAsync(PosixSignal.SIGINT);
        var exited = await process.WaitForExitAsync(StopTimeout);
        var doneBefore = (await ReceiptsAsync()).Count(r => r.Done);
        var next = CliProcess.Start(_serveSettings, "process");
        _processes.Add(next);
        var nextExit = await next.WaitForExitAsync(Generous);

        Assert.True(asked, "process never reached the model:\n" + process.Error);
        Assert.True(exited is not null, $"process was still running {StopTimeout.TotalSeconds} s after SIGINT:\n{process.Error}");
        Assert.Equal(ExitCodes.Cancelled, exited);
        Assert.True(doneBefore < ArticleCount, "the stop came after all the work: nothing was left to recover");
        Assert.True(nextExit == ExitCodes.Success, $"exit {nextExit}:\n{next.Error}");
        await AssertEveryArticleProcessedOnceAsync();
    }

    [Fact]
    public async Task ServeRidesOutAStorageOutageMidIngestAndSaysWhenStorageIsBack()
    {
        await PrepareAsync();
        _cutoff = StorageCutoff.Start(await SharedAzurite.GetConnectionStringAsync());
        _serveSettings["AzureWebJobsStorage"] = _cutoff.ConnectionString;

        // Short SDK retries, so that a round fails (and the outage shows) within a second instead of some 20.
        _serveSettings["AzureDefaults:Retry:MaxRetries"] = "2";
        _serveSettings["AzureDefaults:Retry:Delay"] = "00:00:00.2";
        var serve = StartServe();
        Assert.True(await serve.WaitForErrorLineAsync(IsProcessedLine, Generous), serve.Error);

        _cutoff.Cut();
        var noticed = await serve.WaitForErrorLineAsync(l => l.Contains("Storage is unreachable", StringComparison.Ordinal), Generous);
        _cutoff.Restore();
        var recovered = await serve.WaitForErrorLineAsync(l => l.Contains("Storage reachable again after", StringComparison.Ordinal), Generous);
        var finished = await WaitUntilAllDoneAsync();
        await serve.SignalAsync(PosixSignal.SIGINT);
        var exited = await serve.WaitForExitAsync(StopTimeout);

        Assert.True(noticed, "serve did not notice that storage was gone:\n" + serve.Error);
        Assert.True(recovered, "serve did not say that storage was back:\n" + serve.Error);
        Assert.True(finished, "serve did not finish after storage came back:\n" + serve.Error);
        Assert.Equal(ExitCodes.Cancelled, exited);
        Assert.True(ProcessedLines(serve) >= ArticleCount, serve.Error);
        await AssertEveryArticleProcessedOnceAsync();
    }

    private static bool IsProcessedLine(string line) => line.Contains(" info Processed ", StringComparison.Ordinal);

    private static int ProcessedLines(CliProcess serve) => serve.ErrorLines.Count(IsProcessedLine);

    /// <summary>A subscriber, and <see cref="ArticleCount"/> uploaded articles that each match their watchlist; the model answers each after 0.4 s.</summary>
    private async Task PrepareAsync()
    {
        _storage = await TestStorage.StartAsync();
        await _storage.Get<WatchlistService>().AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        for (var i = 0; i < ArticleCount; i++)
        {
            await _storage.UploadAsync($"port-{i:D2}.txt", $"Port report {i}\n\nDock workers in Rotterdam stopped work at terminal {i} on Monday, and {i} ships waited outside the harbour while talks over shift pay went on.");
        }

        _model.DefaultAnswer = ScriptedAnswer.Summary("Dock workers in Rotterdam stopped work.", delay: TimeSpan.FromSeconds(0.4));
        _serveSettings = await TestStorage.SettingsAsync(_storage.Id, _storage.Outbox);
        foreach (var (key, value) in _model.Settings("gpt-test"))
        {
            _serveSettings[key] = value;
        }

        _serveSettings["NewsAlerts:ScanConcurrency"] = "2";
    }

    private CliProcess StartServe()
    {
        var serve = CliProcess.Start(_serveSettings, "serve", "--poll-interval", "0.2");
        _processes.Add(serve);
        return serve;
    }

    /// <summary>
    /// Runs serve again after the first stopped with <paramref name="processedBefore"/> articles processed: it processes
    /// exactly the articles without a done receipt (none skipped, none repeated), and everything ends processed once.
    /// </summary>
    private async Task AssertRestartFinishesTheRestOnceAsync(int processedBefore)
    {
        Assert.True(processedBefore < ArticleCount, "the fault came after all the work: nothing was left to recover");
        var doneBefore = (await ReceiptsAsync()).Count(r => r.Done);

        var restarted = StartServe();
        var finished = await WaitUntilAllDoneAsync();
        await restarted.SignalAsync(PosixSignal.SIGINT);
        var exited = await restarted.WaitForExitAsync(StopTimeout);

        Assert.True(finished, "the restarted serve did not finish:\n" + restarted.Error);
        Assert.Equal(ExitCodes.Cancelled, exited);
        Assert.Equal(ArticleCount - doneBefore, ProcessedLines(restarted));
        await AssertEveryArticleProcessedOnceAsync();
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return condition();
    }

    private async Task<bool> WaitUntilAllDoneAsync()
    {
        var deadline = DateTime.UtcNow + Generous;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var receipts = await ReceiptsAsync();
                if (receipts.Count == ArticleCount && receipts.All(r => r.Done))
                {
                    return true;
                }
            }
            catch (Azure.RequestFailedException)
            {
                // The tables are not there yet.
            }

            await Task.Delay(200);
        }

        return false;
    }

    private async Task AssertEveryArticleProcessedOnceAsync()
    {
        var articles = new List<Article>();
        await foreach (var article in _storage.Get<ArticleStore>().ListAsync())
        {
            articles.Add(article);
        }

        var matches = new List<MatchEntity>();
        await foreach (var row in _storage.Table("Matches").QueryAsync<MatchEntity>())
        {
            matches.Add(row);
        }

        Assert.Equal(ArticleCount, articles.Count);
        Assert.All(articles, a => Assert.Equal(ArticleStatus.Processed, a.Status));
        Assert.All(articles, a => Assert.Equal(1, a.MatchCount));
        Assert.Equal(ArticleCount, matches.Count);
        Assert.Equal(ArticleCount, matches.Select(m => m.ArticleId).Distinct().Count());
        Assert.All(await ReceiptsAsync(), r => Assert.True(r.Done, r.BlobName));
    }

    private async Task<List<ReceiptEntity>> ReceiptsAsync()
    {
        var receipts = new List<ReceiptEntity>();
        await foreach (var receipt in _storage.Table(ReceiptEntity.TableName).QueryAsync<ReceiptEntity>())
        {
            receipts.Add(receipt);
        }

        return receipts;
    }
}
