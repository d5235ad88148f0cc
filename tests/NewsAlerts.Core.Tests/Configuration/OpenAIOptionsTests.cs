using NewsAlerts.Summaries;

namespace NewsAlerts.Configuration;

public class OpenAIOptionsTests
{
    private static List<string> Failures(OpenAIOptions options) => new OpenAIOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    private static OpenAIOptions Configured(string? effort = null, int? maxOutputTokens = null) =>
        new() { Endpoint = "https://oai.openai.azure.com/", Deployment = "summaries", ReasoningEffort = effort, MaxOutputTokens = maxOutputTokens };

    [Theory]
    [InlineData(null, false, OpenAIOptions.ClassicOutputTokens)]
    [InlineData("", false, OpenAIOptions.ClassicOutputTokens)]
    [InlineData("low", true, OpenAIOptions.ReasoningOutputTokens)]
    [InlineData("Minimal", true, OpenAIOptions.ReasoningOutputTokens)]
    public void TheKindOfModelIsWhatTheReasoningEffortSettingSays(string? effort, bool reasoning, int budget)
    {
        var options = Configured(effort);

        Assert.Empty(Failures(options));
        Assert.Equal(reasoning, options.IsReasoningModel);
        Assert.Equal(budget, options.OutputTokenBudget);
    }

    [Fact]
    public void AnOutputBudgetSetIsTheBudgetForBothKinds()
    {
        Assert.Equal(8000, Configured("high", 8000).OutputTokenBudget);
        Assert.Equal(900, Configured(maxOutputTokens: 900).OutputTokenBudget);
    }

    [Theory]
    [InlineData("fast", null, "OpenAI:ReasoningEffort \"fast\" is not a reasoning effort: use one of none, minimal, low, medium, high, xhigh")]
    [InlineData(null, 50, "OpenAI:MaxOutputTokens must be between 100 and 128000; it is 50")]
    public void AWrongModelSettingIsNamedAtStart(string? effort, int? maxOutputTokens, string failure) =>
        Assert.StartsWith(failure, Assert.Single(Failures(Configured(effort, maxOutputTokens))), StringComparison.Ordinal);
}
