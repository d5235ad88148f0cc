using System.Text.Json;
using NewsAlerts.Testing;

namespace NewsAlerts.Cli;

public class ExtractionEvalCliTests
{
    private static readonly Dictionary<string, string?> NoStorage = new() { ["AzureWebJobsStorage"] = null };

    private static string PagesFolder()
    {
        var root = Directory.CreateTempSubdirectory("extraction-cli-").FullName;
        var page = Directory.CreateDirectory(Path.Combine(root, "rates")).FullName;
        const string Paragraph = "The central bank left its main interest rate unchanged at 4.5 percent on Thursday, saying inflation had fallen faster than expected but was not yet back at its target.";
        File.WriteAllText(Path.Combine(page, "source.html"), $"""
            <html><head><title>Central bank holds rates as inflation cools | Capital Ledger</title></head>
            <body><nav>Home Markets Sport</nav><article><h1>Central bank holds rates as inflation cools</h1><p>{Paragraph}</p><p>{Paragraph}</p><p>{Paragraph}</p></article><footer>Copyright</footer></body></html>
            """);
        File.WriteAllText(Path.Combine(page, "expected.html"), $"<div><p>{Paragraph}</p><p>{Paragraph}</p><p>{Paragraph}</p></div>");
        File.WriteAllText(Path.Combine(page, "expected-metadata.json"), """{"title": "Central bank holds rates as inflation cools"}""");
        return root;
    }

    [Fact]
    public async Task EvalExtractionScoresOursAndSmartReaderAsJson()
    {
        var result = await CliRunner.RunAsync(NoStorage, "eval", "extraction", "--pages", PagesFolder(), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(1, json.GetProperty("pages").GetInt32());
        var extractors = json.GetProperty("extractors").EnumerateArray().ToList();
        Assert.Equal(["newsalerts", "smartreader"], extractors.Select(e => e.GetProperty("extractor").GetString()));
        foreach (var extractor in extractors)
        {
            Assert.True(extractor.GetProperty("f1").GetDouble() > 0.9, result.Output);
            Assert.Equal(1, extractor.GetProperty("titleF1").GetDouble(), 6);
        }
    }

    [Fact]
    public async Task EvalExtractionPrintsATable()
    {
        var result = await CliRunner.RunAsync(NoStorage, "eval", "extraction", "--pages", PagesFolder());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ms/page", result.Output, StringComparison.Ordinal);
        Assert.Contains("smartreader", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalExtractionOfAFolderWithoutPagesSaysWhy()
    {
        var result = await CliRunner.RunAsync(NoStorage, "eval", "extraction", "--pages", Directory.CreateTempSubdirectory().FullName);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("no page folders with source.html and expected.html", result.Error, StringComparison.Ordinal);
    }
}
