using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NewsAlerts.Testing;

namespace NewsAlerts.Summaries;

/// <summary>
/// The request made right for both kinds of deployment, chosen by <c>OpenAI:ReasoningEffort</c>, and a deployment
/// that cannot work as configured reported as a configuration problem: the real Azure.AI.OpenAI client over HTTP
/// against a scripted endpoint that answers as Azure's reasoning (GPT-5 family) and classic deployments do.
/// </summary>
public sealed class ModelKindTests : IAsyncLifetime
{
    private const string Body = "Dock workers at the port of Rotterdam began a 48-hour strike on Monday after talks over night-shift pay broke down. Ships were diverted to Antwerp and Hamburg. Talks resume on Wednesday with a mediator appointed by the ministry.";
    private static readonly SummaryRequest Article = new("Dock workers strike at Rotterdam", Body);
    private static readonly string[] Gpt54MiniEfforts = ["none", "low", "medium", "high", "xhigh"];

    private ScriptedOpenAIServer _model = null!;

    public async Task InitializeAsync()
    {
        _model = await ScriptedOpenAIServer.StartAsync();
        _model.ReasoningDeployments["gpt-5.4-mini"] = Gpt54MiniEfforts;
    }

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Fact]
    public async Task AReasoningDeploymentGetsItsEffortAndACompletionBudgetButNoTemperature()
    {
        await using var storage = await StartAsync("gpt-5.4-mini", new() { ["OpenAI:ReasoningEffort"] = "low" });

        var summary = await storage.Get<ISummarizer>().SummarizeAsync(Article);

        Assert.True(summary.Summarizer == "azure-openai:gpt-5.4-mini", summary.Note);
        Assert.Null(summary.ConfigurationProblem);
        Assert.Equal(96 + ScriptedOpenAIServer.ReasoningTokens["low"], summary.OutputTokens);
        var request = Assert.Single(_model.Requests).Body;
        Assert.Equal("low", (string?)request["reasoning_effort"]);
        Assert.Equal(OpenAIOptions.ReasoningOutputTokens, (int?)request["max_completion_tokens"]);
        Assert.Null(request["temperature"]);
        Assert.Null(request["max_tokens"]);
        Assert.Equal("json_schema", (string?)request["response_format"]!["type"]);
    }

    [Fact]
    public async Task AClassicDeploymentGetsALowTemperatureAndNoReasoningEffort()
    {
        await using var storage = await StartAsync("gpt-4.1-mini");

        var summary = await storage.Get<ISummarizer>().SummarizeAsync(Article);

        Assert.Equal("azure-openai:gpt-4.1-mini", summary.Summarizer);
        Assert.Equal(96, summary.OutputTokens);
        var request = Assert.Single(_model.Requests).Body;
        Assert.Equal(0.2, (double)request["temperature"]!, 3);
        Assert.Null(request["reasoning_effort"]);
        Assert.Equal(OpenAIOptions.ClassicOutputTokens, (int?)request["max_completion_tokens"]);
        Assert.Null(request["max_tokens"]);
    }

    [Theory]
    [InlineData("gpt-5.4-mini", null, "OpenAI:ReasoningEffort", "the deployment is a reasoning model and rejects 'temperature' (400 unsupported_value): set OpenAI:ReasoningEffort")]
    [InlineData("gpt-4.1-mini", "low", "OpenAI:ReasoningEffort", "the deployment is not a reasoning model and rejects reasoning_effort (400 unsupported_parameter): leave OpenAI:ReasoningEffort empty")]
    [InlineData("gpt-5.4-mini", "minimal", "OpenAI:ReasoningEffort", "the deployment rejects OpenAI:ReasoningEffort \"minimal\" (400 unsupported_value): Unsupported value: 'minimal' is not supported with the 'gpt-5.4-mini' model.")]
    public async Task ARequestTheDeploymentRefusesIsAConfigurationProblemNamingTheSetting(string deployment, string? effort, string setting, string problem)
    {
        await using var storage = await StartAsync(deployment, new() { ["OpenAI:ReasoningEffort"] = effort });

        var summary = await storage.Get<ISummarizer>().SummarizeAsync(Article);

        Assert.Single(_model.Requests);
        Assert.Equal(ExtractiveSummarizer.Name, summary.Summarizer);
        Assert.True(summary.FellBack);
        Assert.StartsWith(problem, summary.ConfigurationProblem, StringComparison.Ordinal);
        Assert.Equal($"azure-openai:{deployment} not used: {summary.ConfigurationProblem}", summary.Note);
        Assert.Contains(setting, summary.ConfigurationProblem, StringComparison.Ordinal);
        Assert.Contains("Rotterdam", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABudgetSpentOnReasoningSaysWhichSettingToRaiseAndIsNotAskedAgain()
    {
        await using var storage = await StartAsync("gpt-5.4-mini", new() { ["OpenAI:ReasoningEffort"] = "low", ["OpenAI:MaxOutputTokens"] = "600" });

        var summary = await storage.Get<ISummarizer>().SummarizeAsync(Article);

        Assert.Single(_model.Requests);
        Assert.Equal(ExtractiveSummarizer.Name, summary.Summarizer);
        Assert.StartsWith("the model used its whole output budget (600 tokens)", summary.ConfigurationProblem, StringComparison.Ordinal);
        Assert.Contains("raise OpenAI:MaxOutputTokens or lower OpenAI:ReasoningEffort", summary.ConfigurationProblem, StringComparison.Ordinal);
        Assert.Equal(600, summary.OutputTokens);
    }

    [Theory]
    [InlineData(404, "DeploymentNotFound", "test-key", "there is no deployment \"gpt-5.4-mini\" at OpenAI:Endpoint (404 DeploymentNotFound): set OpenAI:Deployment")]
    [InlineData(401, "401", "test-key", "the endpoint refused OpenAI:ApiKey (401: Access denied")]
    [InlineData(403, "AuthorizationFailed", "test-key", "the endpoint denied access (403: Access denied")]
    public async Task AMissingDeploymentOrRefusedCredentialsAreNeverRetried(int status, string code, string? apiKey, string problem)
    {
        _model.DefaultAnswer = ScriptedAnswer.Error(status, code, status == 404
            ? "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."
            : "Access denied due to invalid subscription key or wrong API endpoint.");
        await using var storage = await StartAsync("gpt-5.4-mini", new() { ["OpenAI:ReasoningEffort"] = "low", ["OpenAI:ApiKey"] = apiKey });

        var summary = await storage.Get<OpenAISummarizer>().SummarizeAsync(Article);

        Assert.Single(_model.Requests);
        Assert.StartsWith(problem, summary.ConfigurationProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConfigurationProblemIsLoggedAsAnErrorAtMostOnceAMinuteAndCountedForEveryArticle()
    {
        var counted = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "newsalerts.summary.configuration_errors")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (counted)
            {
                counted.Add((string)tags[0].Value!);
            }
        });
        listener.Start();
        await using var storage = await StartAsync("gpt-5.4-mini", services: s => s.AddFakeLogging());
        var summarizer = storage.Get<OpenAISummarizer>();

        for (var i = 0; i < 5; i++)
        {
            await summarizer.SummarizeAsync(Article);
        }

        storage.Time.Advance(TimeSpan.FromSeconds(61));
        await summarizer.SummarizeAsync(Article);

        Assert.Equal(6, _model.Requests.Count);
        Assert.Equal(Enumerable.Repeat("OpenAI:ReasoningEffort", 6), counted);
        var errors = storage.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level == LogLevel.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("azure-openai:gpt-5.4-mini cannot summarize until OpenAI:ReasoningEffort is fixed: the deployment is a reasoning model", e.Message, StringComparison.Ordinal));
    }

    private Task<TestStorage> StartAsync(string deployment, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = _model.Settings(deployment);
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return TestStorage.StartAsync(all, services);
    }
}
