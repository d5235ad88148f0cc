using System.Text.Json;
using NewsAlerts.Testing;

namespace NewsAlerts.Cli;

public class SummaryCliTests
{
    private static readonly Dictionary<string, string?> NoStorage = new() { ["AzureWebJobsStorage"] = null };

    private static async Task<string> ArticleFileAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "strike.txt");
        await File.WriteAllTextAsync(path, "Dock workers strike at Rotterdam\n\nDock workers at the port of Rotterdam began a 48-hour strike on Monday after pay talks failed. Ships were diverted to Antwerp. Talks resume on Wednesday with a mediator.");
        return path;
    }

    [Fact]
    public async Task SummarizePrintsTheSummaryWithoutStartingStorage()
    {
        var result = await CliRunner.RunAsync(NoStorage, "summarize", await ArticleFileAsync(), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("Azurite", result.Error, StringComparison.Ordinal);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("strike.txt", json.GetProperty("file").GetString());
        Assert.Equal("extractive", json.GetProperty("summarizer").GetString());
        Assert.StartsWith("Dock workers at the port of Rotterdam", json.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummarizeUsesAzureOpenAIWhenConfigured()
    {
        await using var model = await ScriptedOpenAIServer.StartAsync();
        model.Script(ScriptedAnswer.Summary("A model summary."));
        var settings = new Dictionary<string, string?>(NoStorage)
        {
            ["OpenAI:Endpoint"] = model.Endpoint.ToString(),
            ["OpenAI:Deployment"] = "gpt-test",
            ["OpenAI:ApiKey"] = "k",
        };

        var result = await CliRunner.RunAsync(settings, "summarize", await ArticleFileAsync());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("A model summary.", result.Output, StringComparison.Ordinal);
        Assert.Contains("azure-openai:gpt-test", result.Output, StringComparison.Ordinal);
        Assert.Contains("Ships were diverted.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummarizeReportsAModelThatCannotWorkAsConfiguredWithExitCodeFour()
    {
        await using var model = await ScriptedOpenAIServer.StartAsync();
        model.ReasoningDeployments["gpt-5.4-mini"] = ["none", "low", "medium", "high", "xhigh"];
        var settings = new Dictionary<string, string?>(NoStorage)
        {
            ["OpenAI:Endpoint"] = model.Endpoint.ToString(),
            ["OpenAI:Deployment"] = "gpt-5.4-mini",
            ["OpenAI:ApiKey"] = "k",
        };

        var result = await CliRunner.RunAsync(settings, "summarize", await ArticleFileAsync(), "--json");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains(result.Error.Split('\n'), line => line.StartsWith("error: configuration: the model was not used: the deployment is a reasoning model and rejects 'temperature'", StringComparison.Ordinal));
        Assert.Contains("set OpenAI:ReasoningEffort", result.Error, StringComparison.Ordinal);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("extractive", json.GetProperty("summarizer").GetString());
        Assert.Contains("OpenAI:ReasoningEffort", json.GetProperty("configurationProblem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummarizeOfABinaryFileSaysItIsNotAnArticle()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "scan.pdf");
        await File.WriteAllBytesAsync(path, "%PDF-1.7"u8.ToArray());

        var result = await CliRunner.RunAsync(NoStorage, "summarize", path);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("error: not an article: binary content: the file is a PDF document, not text\n", result.Error);
    }

    [Fact]
    public async Task EvalSummariesScoresOursAndLeadThreeAsJson()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "eval.jsonl");
        var article = "Dock workers at the port of Rotterdam began a strike on Monday. Ships were diverted to Antwerp. Talks resume on Wednesday. The union wants higher night pay. The port authority said tankers were not affected.";
        await File.WriteAllLinesAsync(path,
        [
            JsonSerializer.Serialize(new { article, references = new[] { "Rotterdam dock workers strike.\nShips diverted to Antwerp." } }),
            string.Empty,
            JsonSerializer.Serialize(new { id = "x", article = "Solar power grew fast this year. Chile opened a large plant. Batteries store the midday power.", references = new[] { "Chile opened a solar plant with batteries." } }),
        ]);

        var result = await CliRunner.RunAsync(NoStorage, "eval", "summaries", "--data", path, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(2, json.GetProperty("count").GetInt32());
        foreach (var system in new[] { "ours", "lead3" })
        {
            foreach (var metric in new[] { "rouge1", "rouge2", "rougeLsum" })
            {
                var value = json.GetProperty(system).GetProperty(metric).GetDouble();
                Assert.InRange(value, 0.1, 100);
            }
        }
    }

    [Fact]
    public async Task EvalSummariesNamesTheBadLine()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "bad.jsonl");
        await File.WriteAllLinesAsync(path, ["""{"article": "A.", "references": ["A."]}""", "{ not json"]);

        var result = await CliRunner.RunAsync(NoStorage, "eval", "summaries", "--data", path);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("line 2", result.Error, StringComparison.Ordinal);
    }
}
