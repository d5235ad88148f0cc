using System.CommandLine;
using System.Text.Json;
using NewsAlerts.Cli.Hosting;
using NewsAlerts.Testing;

namespace NewsAlerts.Cli;

public class CliTests : IAsyncLifetime
{
    private Dictionary<string, string?> _settings = [];
    private string _outbox = string.Empty;

    public async Task InitializeAsync()
    {
        _outbox = Directory.CreateTempSubdirectory("newsalerts-cli-outbox-").FullName;
        _settings = await TestStorage.SettingsAsync(Guid.NewGuid().ToString("N")[..12], _outbox);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(_settings, args);

    private static IEnumerable<string[]> CommandPaths(Command command, string[] prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            var path = prefix.Append(sub.Name).ToArray();
            yield return path;
            foreach (var deeper in CommandPaths(sub, path))
            {
                yield return deeper;
            }
        }
    }

    [Fact]
    public async Task EveryCommandHasHelp()
    {
        var root = NewsAlertsCli.Build(CliContext.Plain(TextWriter.Null, TextWriter.Null));
        var paths = CommandPaths(root, []).ToList();
        Assert.Contains(["watchlist", "add"], paths, new SequenceComparer());
        foreach (var path in paths.Prepend([]))
        {
            var result = await Run([.. path, "--help"]);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "error: Unrecognized command or argument 'frobnicate'.")]
    [InlineData(new[] { "watchlist", "add", "--name", "W", "term" }, "error: Option '--email' is required.")]
    [InlineData(new[] { "articles", "list", "--status", "lost" }, "error: Argument 'lost' not recognized. Must be one of:")]
    public async Task UsageMistakeIsOneClearErrorAndExitCodeTwo(string[] args, string expected)
    {
        var result = await Run(args);
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.StartsWith(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-email", "Energy", "UTC", "solar", "error: \"not-an-email\" is not a valid email address")]
    [InlineData("a@example.com", "Energy", "Mars/Base", "solar", "error: \"Mars/Base\" is not a known IANA time zone")]
    [InlineData("a@example.com", "Energy", "UTC", null, "error: a watchlist needs at least one term")]
    public async Task InvalidWatchlistIsRefusedNamingTheProblem(string email, string name, string timeZone, string? term, string expected)
    {
        var args = new List<string> { "watchlist", "add", "--email", email, "--name", name, "--timezone", timeZone };
        if (term is not null)
        {
            args.Add(term);
        }

        var result = await Run([.. args]);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.StartsWith(expected, result.Error.Split('\n').Last(l => l.StartsWith("error:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchlistAddListRemove()
    {
        Assert.Equal(0, (await Run("watchlist", "add", "--email", "alice@example.com", "--name", "Energy", "--timezone", "Europe/Paris", "solar", "wind power")).ExitCode);

        var list = await Run("watchlist", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        var rows = JsonDocument.Parse(list.Output).RootElement;
        var row = Assert.Single(rows.EnumerateArray());
        Assert.Equal("alice@example.com", row.GetProperty("email").GetString());
        Assert.Equal("Energy", row.GetProperty("name").GetString());
        Assert.Equal(["solar", "wind power"], row.GetProperty("terms").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Europe/Paris", row.GetProperty("timeZone").GetString());

        var table = await Run("watchlist", "list");
        Assert.Contains("Energy", table.Output, StringComparison.Ordinal);
        Assert.Contains("wind power", table.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await Run("watchlist", "remove", "--email", "alice@example.com", "--name", "Energy")).ExitCode);
        var again = await Run("watchlist", "remove", "--email", "alice@example.com", "--name", "Energy");
        Assert.Equal(ExitCodes.NotFound, again.ExitCode);
        Assert.Equal("error: alice@example.com has no watchlist named \"Energy\"\n", again.Error);
    }

    [Fact]
    public async Task WatchlistAddSetsTheDigestScheduleAndKeepsItWhenNotGiven()
    {
        var first = await Run("watchlist", "add", "--email", "paris@example.com", "--name", "Ports", "--frequency", "weekly", "--day", "friday", "--at", "18:30", "--timezone", "Europe/Paris", "Rotterdam");
        var second = await Run("watchlist", "add", "--email", "paris@example.com", "--name", "Energy", "solar");
        var shown = await Run("subscriber", "show", "--email", "paris@example.com", "--json");
        var bad = await Run("watchlist", "add", "--email", "paris@example.com", "--name", "X", "--frequency", "daily", "--at", "8h", "x");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Digests: weekly on Friday at 18:30 Europe/Paris.", string.Join(' ', first.Output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("weekly on Friday at 18:30 Europe/Paris", JsonDocument.Parse(shown.Output).RootElement.GetProperty("schedule").GetString());
        Assert.Equal(ExitCodes.InvalidInput, bad.ExitCode);
        Assert.Equal("error: \"8h\" is not a time of day as HH:mm (for example 08:00 or 18:30)\n", bad.Error);
    }

    [Fact]
    public async Task DigestPreviewShowsWhatWouldGoWithoutSendingAnything()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "rates.txt");
        await File.WriteAllTextAsync(file, "Rates held\n\nThe central bank held rates as inflation cooled.");
        await Run("watchlist", "add", "--email", "bob@example.com", "--name", "Markets", "inflation");
        await Run("upload", file);
        await Run("process");
        var html = Path.Combine(Directory.CreateTempSubdirectory().FullName, "digest.html");

        var preview = await Run("digest", "preview", "--email", "bob@example.com", "--html", html);
        var run = await Run("digest", "run");
        var after = await Run("digest", "preview", "--email", "bob@example.com");
        var nobody = await Run("digest", "preview", "--email", "nobody@example.com");

        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.Contains("Subject: 1 new story for Markets: Rates held", preview.Output, StringComparison.Ordinal);
        Assert.Contains("Matched Markets: inflation", preview.Output, StringComparison.Ordinal);
        Assert.Contains("Rates held", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
        Assert.Contains("bob@example.com", run.Output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_outbox, "*.eml"));
        Assert.Contains("no undelivered matches", after.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, nobody.ExitCode);
    }

    [Fact]
    public async Task WrongStorageKeyIsUnavailableWithAHintToCheckTheConnectionString()
    {
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["AzureWebJobsStorage"] = System.Text.RegularExpressions.Regex.Replace(
                _settings["AzureWebJobsStorage"]!, "AccountKey=[^;]*", "AccountKey=" + Convert.ToBase64String(new byte[64])),
        };

        var result = await CliRunner.RunAsync(settings, "articles", "list");

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.StartsWith("error: storage refused the credentials (403", result.Error, StringComparison.Ordinal);
        Assert.Contains("check AzureWebJobsStorage", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(403 )", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadOfAMissingFileIsNotFound()
    {
        var result = await Run("upload", "/no/such/article.txt");
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.StartsWith("error: no such file: /no/such/article.txt", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadProcessAndListArticlesAsJson()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var good = Path.Combine(folder, "strike #1.txt");
        var bad = Path.Combine(folder, "scan.pdf");
        await File.WriteAllTextAsync(good, "Strike at Rotterdam\n\nDock workers at the port of Rotterdam stopped work on Monday after pay talks failed.");
        await File.WriteAllBytesAsync(bad, "%PDF-1.7 binary"u8.ToArray());
        await Run("watchlist", "add", "--email", "alice@example.com", "--name", "Ports", "Rotterdam");

        Assert.Equal(0, (await Run("upload", good, bad)).ExitCode);
        var processed = await Run("process");
        var again = await Run("process");
        var json = await Run("articles", "list", "--json");
        var rejected = await Run("articles", "list", "--json", "--status", "rejected");

        Assert.True(processed.ExitCode == 0, processed.ToString());
        Assert.Contains("rejected", processed.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing to process", again.Output, StringComparison.Ordinal);
        var articles = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, articles.Count);
        var strike = articles.Single(a => a.GetProperty("name").GetString() == "strike #1.txt");
        Assert.Equal(32, strike.GetProperty("id").GetString()!.Length);
        Assert.Equal("Strike at Rotterdam", strike.GetProperty("title").GetString());
        Assert.Equal("processed", strike.GetProperty("status").GetString());
        Assert.Equal("extractive", strike.GetProperty("summarizer").GetString());
        Assert.False(string.IsNullOrEmpty(strike.GetProperty("summary").GetString()));
        Assert.StartsWith("s", strike.GetProperty("story").GetString(), StringComparison.Ordinal);
        var match = Assert.Single(strike.GetProperty("matches").EnumerateArray());
        Assert.Equal("alice@example.com", match.GetProperty("email").GetString());
        Assert.Equal("Ports", match.GetProperty("watchlist").GetString());
        Assert.Equal(["Rotterdam"], match.GetProperty("terms").EnumerateArray().Select(t => t.GetString()));
        var onlyRejected = Assert.Single(JsonDocument.Parse(rejected.Output).RootElement.EnumerateArray());
        Assert.Equal("scan.pdf", onlyRejected.GetProperty("name").GetString());
        Assert.Equal("binary content: the file is a PDF document, not text", onlyRejected.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task DigestRunWritesTheEmailToTheOutbox()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "rates.txt");
        await File.WriteAllTextAsync(file, "Rates held\n\nThe central bank held rates as inflation cooled.");
        await Run("watchlist", "add", "--email", "bob@example.com", "--name", "Markets", "inflation");
        await Run("upload", file);
        await Run("process");

        var run = await Run("digest", "run");
        var second = await Run("digest", "run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("bob@example.com", run.Output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_outbox, "*.eml"));
        // On the real clock the second run is in the same minute (already planned) or the next (nothing new): either way, no email.
        Assert.Matches(@"Digest run: sent 0, failed 0 \(will retry\), already sent or claimed elsewhere (1, nothing new 0|0, nothing new 1)\.", second.Output);
        Assert.Single(Directory.GetFiles(_outbox, "*.eml"));
    }

    [Fact]
    public async Task DemoRunsTheWholePipelineAndSaysWhereTheEmailsWent()
    {
        var result = await Run("demo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("solar-atacama.md", result.Output, StringComparison.Ordinal);
        Assert.Contains("3. Processed 7 articles", result.Output, StringComparison.Ordinal);
        var paths = result.Output.Split('\n').Select(l => l.Trim()).Where(l => l.EndsWith(".eml", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, paths.Count);
        Assert.All(paths, p => Assert.True(File.Exists(p), p));
    }

    [Fact]
    public async Task DemoWithoutStorageStartsItsOwnAzurite()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string?> { ["Email:PickupDirectory"] = _outbox }, "demo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("AzureWebJobsStorage is not set: starting a private Azurite", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, Directory.GetFiles(_outbox, "*.eml").Length);
    }

    [Fact]
    public async Task LocalSettingsValuesConfigureTheCli()
    {
        var root = Directory.CreateTempSubdirectory().FullName;
        var container = "from-local-settings-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllTextAsync(Path.Combine(root, "local.settings.json"), JsonSerializer.Serialize(new
        {
            IsEncrypted = false,
            Values = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = _settings["AzureWebJobsStorage"],
                ["NewsAlerts__ArticlesContainer"] = container,
                ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            },
        }));
        var file = Path.Combine(root, "a.txt");
        await File.WriteAllTextAsync(file, "A\n\nText.");

        var result = await CliRunner.RunAsync(new Dictionary<string, string?>(), root, CancellationToken.None, "upload", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(_settings["AzureWebJobsStorage"]).GetBlobContainerClient(container);
        Assert.True((await blobs.GetBlobClient("a.txt").ExistsAsync()).Value);
    }

    [Fact]
    public async Task WrongSettingFailsAtStartNamingTheKey()
    {
        var settings = new Dictionary<string, string?>(_settings) { ["NewsAlerts:DigestSchedule"] = "every hour" };
        var result = await CliRunner.RunAsync(settings, "articles", "list");
        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.StartsWith("error: configuration: NewsAlerts:DigestSchedule \"every hour\" is not a six-field NCrontab expression", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeProcessesNewArticlesOnceAndStopsCleanly()
    {
        await Run("watchlist", "add", "--email", "alice@example.com", "--name", "Ports", "Rotterdam");
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "strike.txt");
        await File.WriteAllTextAsync(file, "Strike\n\nDock workers in Rotterdam stopped work.");

        using var stop = new CancellationTokenSource();
        var serving = CliRunner.RunAsync(_settings, Directory.CreateTempSubdirectory().FullName, stop.Token, "serve", "--poll-interval", "0.2");
        await Run("upload", file);
        var processed = await WaitForAsync(async () => (await Run("articles", "list", "--json")).Output.Contains("\"processed\"", StringComparison.Ordinal));
        stop.Cancel();
        var result = await serving;

        Assert.True(processed, "serve did not process the upload");
        Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
        Assert.Contains("Stopped.", result.Error, StringComparison.Ordinal);
        Assert.Contains("Processed strike.txt", result.Error, StringComparison.Ordinal);

        // A restarted serve neither repeats nor skips: it processes nothing it already did.
        using var stopAgain = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var restarted = await CliRunner.RunAsync(_settings, Directory.CreateTempSubdirectory().FullName, stopAgain.Token, "serve", "--poll-interval", "0.2");
        Assert.Equal(ExitCodes.Cancelled, restarted.ExitCode);
        Assert.DoesNotContain("Processed strike.txt", restarted.Error, StringComparison.Ordinal);
    }

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private sealed class SequenceComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(string[] obj) => obj.Length;
    }
}
