using Microsoft.Extensions.Options;

namespace NewsAlerts.Summaries;

/// <summary>
/// Settings of the <c>OpenAI</c> configuration section (environment: <c>OpenAI__Key</c>). Without an
/// endpoint, articles get extractive summaries.
/// </summary>
public sealed class OpenAIOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "OpenAI";

    /// <summary>The Azure OpenAI endpoint, e.g. <c>https://my-openai.openai.azure.com/</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The chat model deployment's name.</summary>
    public string? Deployment { get; set; }

    /// <summary>An API key; when absent, <c>DefaultAzureCredential</c> (a managed identity in Azure).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The reasoning effort of a reasoning model's deployment (the GPT-5 family, the o-series): <c>none</c>,
    /// <c>minimal</c>, <c>low</c>, <c>medium</c>, <c>high</c> or <c>xhigh</c>, as the model accepts. Empty for a
    /// classic model (gpt-4.1-mini and older), which is asked with a low temperature instead. Reasoning models reject
    /// any temperature but their default, so this is set by configuration, never guessed from a deployment's name.
    /// </summary>
    public string? ReasoningEffort { get; set; }

    /// <summary>
    /// Output token budget of one request (<c>max_completion_tokens</c>); a reasoning model spends its reasoning
    /// tokens from it before it writes the answer. Default <see cref="ClassicOutputTokens"/> for a classic model,
    /// <see cref="ReasoningOutputTokens"/> for a reasoning one.
    /// </summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Most article tokens (o200k) sent; a longer article is cut at a sentence boundary.</summary>
    public int MaxInputTokens { get; set; } = 6000;

    /// <summary>Seconds one article may take, retries and waits included, before its extractive summary is used.</summary>
    public double DeadlineSeconds { get; set; } = 60;

    /// <summary>Seconds one request may take before it is abandoned and retried.</summary>
    public double AttemptTimeoutSeconds { get; set; } = 20;

    /// <summary>Retries after the first request, for 429 (honouring <c>Retry-After</c>), 5xx and timeouts.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Seconds before the first retry when the endpoint gives no <c>Retry-After</c>; later retries wait longer, with jitter.</summary>
    public double RetryDelaySeconds { get; set; } = 1;

    /// <summary>The output budget of a classic model's request: a summary and its key points fit with room to spare.</summary>
    public const int ClassicOutputTokens = 600;

    /// <summary>The output budget of a reasoning model's request: the answer's 600 plus room for low-effort reasoning.</summary>
    public const int ReasoningOutputTokens = 4000;

    /// <summary>The reasoning efforts some model accepts; which ones a given model accepts, the model says.</summary>
    internal static readonly string[] ReasoningEfforts = ["none", "minimal", "low", "medium", "high", "xhigh"];

    /// <summary>Whether an endpoint is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>Whether the deployment is configured as a reasoning model (<see cref="ReasoningEffort"/> is set).</summary>
    public bool IsReasoningModel => !string.IsNullOrWhiteSpace(ReasoningEffort);

    /// <summary>The output token budget one request gets.</summary>
    public int OutputTokenBudget => MaxOutputTokens ?? (IsReasoningModel ? ReasoningOutputTokens : ClassicOutputTokens);
}

/// <summary>Checks <see cref="OpenAIOptions"/> at start; each failure names the configuration key.</summary>
internal sealed class OpenAIOptionsValidator : IValidateOptions<OpenAIOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenAIOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
        {
            failures.Add($"OpenAI:Endpoint \"{options.Endpoint}\" is not an http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(options.Deployment))
        {
            failures.Add("OpenAI:Deployment is required when OpenAI:Endpoint is set");
        }

        if (options.IsReasoningModel && !OpenAIOptions.ReasoningEfforts.Contains(options.ReasoningEffort!.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"OpenAI:ReasoningEffort \"{options.ReasoningEffort}\" is not a reasoning effort: use one of {string.Join(", ", OpenAIOptions.ReasoningEfforts)} for a reasoning model, or leave it empty for a classic one");
        }

        if (options.MaxOutputTokens is < 100 or > 128_000)
        {
            failures.Add($"OpenAI:MaxOutputTokens must be between 100 and 128000; it is {options.MaxOutputTokens}");
        }

        if (options.MaxInputTokens is < 100 or > 1_000_000)
        {
            failures.Add($"OpenAI:MaxInputTokens must be between 100 and 1000000; it is {options.MaxInputTokens}");
        }

        if (options.AttemptTimeoutSeconds <= 0 || options.DeadlineSeconds <= options.AttemptTimeoutSeconds)
        {
            failures.Add($"OpenAI:DeadlineSeconds ({options.DeadlineSeconds}) must be greater than OpenAI:AttemptTimeoutSeconds ({options.AttemptTimeoutSeconds}), which must be positive");
        }

        if (options.RetryDelaySeconds is <= 0 or > 60)
        {
            failures.Add($"OpenAI:RetryDelaySeconds must be above 0 and at most 60; it is {options.RetryDelaySeconds}");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"OpenAI:MaxRetries must be between 0 and 10; it is {options.MaxRetries}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
