using System.ClientModel;
using System.Text.Json;

namespace NewsAlerts.Summaries;

/// <summary>
/// A model call that failed because of how the model is configured, not because of this article: every article
/// will fail the same way until <see cref="Setting"/> is fixed, so it is never retried and is reported as such.
/// </summary>
/// <param name="Setting">The setting (or role) to fix, e.g. <c>OpenAI:ReasoningEffort</c>.</param>
/// <param name="Problem">What is wrong and what to do, in one sentence.</param>
internal sealed record ModelConfigurationProblem(string Setting, string Problem)
{
    /// <summary>The problem behind a failed request, or null when the failure is not about configuration.</summary>
    public static ModelConfigurationProblem? From(Exception exception, OpenAIOptions options)
    {
        if (exception is not ClientResultException { Status: var status } failed)
        {
            return null;
        }

        var (code, parameter, message) = ErrorOf(failed);
        return status switch
        {
            401 when !string.IsNullOrWhiteSpace(options.ApiKey) => new("OpenAI:ApiKey", $"the endpoint refused OpenAI:ApiKey (401: {message}): set the key of the account at OpenAI:Endpoint, or remove it to use the app's identity"),
            401 => new("the app identity's role", $"the endpoint refused the app's identity (401: {message}): it needs the Cognitive Services OpenAI User role on the account at OpenAI:Endpoint"),
            403 => new("OpenAI:Endpoint", $"the endpoint denied access (403: {message}): the app's identity needs the Cognitive Services OpenAI User role on the account, and the account's network rules must let the app in"),
            404 => new("OpenAI:Deployment", $"there is no deployment \"{options.Deployment}\" at OpenAI:Endpoint (404 {code}): set OpenAI:Deployment to a deployment's name"),
            400 when parameter is "temperature" or "max_tokens" => new("OpenAI:ReasoningEffort", $"the deployment is a reasoning model and rejects '{parameter}' (400 {code}): set OpenAI:ReasoningEffort (for example low)"),
            400 when parameter is "reasoning_effort" && code == "unsupported_parameter" => new("OpenAI:ReasoningEffort", $"the deployment is not a reasoning model and rejects reasoning_effort (400 {code}): leave OpenAI:ReasoningEffort empty"),
            400 when parameter is "reasoning_effort" => new("OpenAI:ReasoningEffort", $"the deployment rejects OpenAI:ReasoningEffort \"{options.ReasoningEffort}\" (400 {code}): {message}"),
            400 when code is "unsupported_parameter" or "unsupported_value" or "OperationNotSupported" => new("OpenAI:Deployment", $"the deployment rejects the summary request (400 {code}{(parameter is null ? string.Empty : $", {parameter}")}): {message}"),
            _ => null,
        };
    }

    /// <summary>The problem of an answer that ran out of output budget: a reasoning model spent it on reasoning.</summary>
    public static ModelConfigurationProblem OutOfBudget(OpenAIOptions options) => new(
        "OpenAI:MaxOutputTokens",
        $"the model used its whole output budget ({options.OutputTokenBudget} tokens) before it finished the summary; a reasoning model spends reasoning tokens from it: raise OpenAI:MaxOutputTokens or lower OpenAI:ReasoningEffort");

    /// <summary>The error's code, parameter and message from an OpenAI error body (<c>{"error": {...}}</c>).</summary>
    private static (string? Code, string? Parameter, string Message) ErrorOf(ClientResultException failed)
    {
        var firstLine = failed.Message.Split('\n', 2)[0].Trim();
        try
        {
            var content = failed.GetRawResponse()?.Content;
            if (content is null || content.ToMemory().Length == 0)
            {
                return (null, null, firstLine);
            }

            using var body = JsonDocument.Parse(content.ToMemory());
            if (!body.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null, firstLine);
            }

            return (Text(error, "code"), Text(error, "param"), Text(error, "message") ?? firstLine);
        }
        catch (JsonException)
        {
            return (null, null, firstLine);
        }
    }

    private static string? Text(JsonElement error, string property) =>
        error.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
