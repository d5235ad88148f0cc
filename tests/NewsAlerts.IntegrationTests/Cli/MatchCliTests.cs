using System.Text.Json;
using NewsAlerts.Testing;

namespace NewsAlerts.Cli;

public class MatchCliTests : IAsyncLifetime
{
    private Dictionary<string, string?> _settings = [];
    private string _folder = string.Empty;

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("newsalerts-match-").FullName;
        _settings = await TestStorage.SettingsAsync(Guid.NewGuid().ToString("N")[..12], Path.Combine(_folder, "outbox"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(_settings, args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task WatchlistAddTakesAQueryAndListsIt()
    {
        var added = await Run("watchlist", "add", "--email", "alice@example.com", "--name", "Korea", "--stem", "--query", "\"Kim Jong-un\" (visit OR summit) -football");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.StartsWith("Saved watchlist Korea for alice@example.com", added.Output, StringComparison.Ordinal);
        Assert.Contains("(with inflections)", added.Output, StringComparison.Ordinal);

        var list = await Run("watchlist", "list", "--json");
        var row = Assert.Single(JsonDocument.Parse(list.Output).RootElement.EnumerateArray());
        Assert.Equal("\"Kim Jong-un\" (visit OR summit) -football", row.GetProperty("query").GetString());
        Assert.True(row.GetProperty("stem").GetBoolean());
        Assert.Equal(0, row.GetProperty("terms").GetArrayLength());
    }

    [Theory]
    [InlineData(new[] { "--query", "nuclear test \"Kim Jong-un" }, "error: unbalanced quote at 14\n")]
    [InlineData(new[] { "--query", "(putin OR xi" }, "error: unbalanced parenthesis at 1\n")]
    [InlineData(new[] { "--query", "putin", "xi" }, "error: give either terms or a query, not both\n")]
    [InlineData(new string[0], "error: a watchlist needs at least one term, or a query\n")]
    public async Task WatchlistAddRefusesABadQueryWithReasonAndPosition(string[] what, string expected)
    {
        var result = await Run(["watchlist", "add", "--email", "alice@example.com", "--name", "Korea", .. what]);
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.EndsWith(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MatchPreviewsFilesAsJsonWithoutStorage()
    {
        var visit = Write("visit.txt", "Kim Jong-un’s visit\n\nNorth Korean leader Kim Jongun arrived in Moscow. The visits continue.");
        var football = Write("football.md", "# Football\n\nKim Jong Un watched the football final on a visit.");
        var other = Write("other.txt", "Weather\n\nRain is expected.");

        // No storage settings at all: match must not start a host or Azurite.
        var result = await CliRunner.RunAsync(
            new Dictionary<string, string?>(), _folder, CancellationToken.None, "match", "--query", "\"Kim Jong-un\" visit -football", "--stem", visit, football, other, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Error);
        var rows = JsonDocument.Parse(result.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal([visit, football, other], rows.Select(r => r.GetProperty("file").GetString()));
        Assert.Equal([true, false, false], rows.Select(r => r.GetProperty("matched").GetBoolean()));
        var hit = rows[0];
        Assert.Equal(["file", "matched", "terms", "score", "snippets"], hit.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["Kim Jong-un", "visit"], hit.GetProperty("terms").EnumerateArray().Select(t => t.GetString()));
        Assert.True(hit.GetProperty("score").GetDouble() > 3);
        var snippet = hit.GetProperty("snippets")[0];
        Assert.Equal(
            "North Korean leader *Kim Jongun* arrived in Moscow. The *visits* continue.",
            snippet.GetProperty("marked").GetString());
        var mark = snippet.GetProperty("marks")[0];
        Assert.Equal("Kim Jongun", snippet.GetProperty("text").GetString()!.Substring(mark.GetProperty("start").GetInt32(), mark.GetProperty("length").GetInt32()));
        Assert.Equal(0, rows[2].GetProperty("terms").GetArrayLength());
    }

    [Fact]
    public async Task MatchShowsATableForPeople()
    {
        var visit = Write("visit.txt", "Visit\n\nPutin met Xi in Beijing.");
        var result = await Run("match", "--query", "putin NEAR/3 xi", visit);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("putin, xi", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 of 1 file(s) matched.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MatchWithAnInvalidQueryIsExitCodeTwoWithPositionAndReason()
    {
        var visit = Write("visit.txt", "Visit\n\nPutin met Xi.");
        var result = await Run("match", "--query", "putin NEAR xi", visit);
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("error: NEAR needs a distance in words, such as NEAR/5 at 7\n", result.Error);
    }

    [Fact]
    public async Task MatchReportsMissingAndUnreadableFiles()
    {
        var missing = await Run("match", "--query", "putin", Path.Combine(_folder, "nope.txt"));
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);

        var empty = Write("empty.txt", "   ");
        var good = Write("good.txt", "Putin\n\nPutin spoke.");
        var result = await Run("match", "--query", "putin", empty, good, "--json");
        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var rows = JsonDocument.Parse(result.Output).RootElement.EnumerateArray().ToList();
        Assert.StartsWith("empty:", rows[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(rows[1].GetProperty("matched").GetBoolean());
        Assert.Contains("empty.txt: empty:", result.Error, StringComparison.Ordinal);
    }
}
