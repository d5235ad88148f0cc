using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NewsAlerts.Testing;

/// <summary>
/// An OpenAI-compatible chat completions endpoint on a free loopback port (a real HTTP server, ASP.NET
/// Core minimal API) that answers from a script and records every request, so tests drive the real
/// Azure.AI.OpenAI client over HTTP. Deployments are classic models unless named in
/// <see cref="ReasoningDeployments"/>, which answer as Azure's GPT-5-family deployments do.
/// </summary>
public sealed class ScriptedOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();

    private ScriptedOpenAIServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The endpoint to configure as <c>OpenAI:Endpoint</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers chosen from the request itself, before the script; null falls through to the script.</summary>
    public Func<RecordedRequest, ScriptedAnswer?>? Responder { get; set; }

    /// <summary>
    /// Deployments that are reasoning models: they refuse <c>temperature</c> (but the default) and <c>max_tokens</c>
    /// with Azure's 400 bodies, take <c>reasoning_effort</c> from the values given here, and spend reasoning tokens
    /// (<see cref="ReasoningTokens"/>) from <c>max_completion_tokens</c> before answering, ending with finish reason
    /// <c>length</c> and no content when the budget runs out. Classic deployments refuse <c>reasoning_effort</c>.
    /// </summary>
    public ConcurrentDictionary<string, string[]> ReasoningDeployments { get; } = new();

    /// <summary>Reasoning tokens a reasoning deployment spends per request, by effort.</summary>
    public static IReadOnlyDictionary<string, int> ReasoningTokens { get; } = new Dictionary<string, int>
    {
        ["none"] = 0, ["minimal"] = 64, ["low"] = 900, ["medium"] = 2500, ["high"] = 6000, ["xhigh"] = 12000,
    };

    /// <summary>What is answered when the script is empty.</summary>
    public ScriptedAnswer DefaultAnswer { get; set; } = ScriptedAnswer.Summary("Dock workers in Rotterdam went on strike over pay.");

    public static async Task<ScriptedOpenAIServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        ScriptedOpenAIServer? server = null;
        app.MapPost("/openai/deployments/{deployment}/chat/completions", async (string deployment, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var request = new RecordedRequest(deployment, context.Request.Query["api-version"].ToString(), context.Request.Headers["api-key"].ToString(), JsonNode.Parse(body)!);
            server!.Requests.Enqueue(request);
            var answer = server.Refusal(request) ?? server.Responder?.Invoke(request) ?? (server._script.TryDequeue(out var scripted) ? scripted : server.DefaultAnswer);
            answer = server.Reason(request, answer);
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }

            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ScriptedOpenAIServer(app, new Uri(address + "/"));
        return server;
    }

    /// <summary>What a deployment says to parameters its kind of model does not take; null when it takes them all.</summary>
    private ScriptedAnswer? Refusal(RecordedRequest request)
    {
        var body = request.Body;
        if (!ReasoningDeployments.TryGetValue(request.Deployment, out var efforts))
        {
            return body["reasoning_effort"] is null
                ? null
                : ScriptedAnswer.InvalidRequest("unsupported_parameter", "reasoning_effort", "Unsupported parameter: 'reasoning_effort' is not supported with this model.");
        }

        if (body["temperature"] is JsonValue temperature && temperature.GetValue<double>() != 1)
        {
            return ScriptedAnswer.InvalidRequest("unsupported_value", "temperature", $"Unsupported value: 'temperature' does not support {temperature.GetValue<double>().ToString(System.Globalization.CultureInfo.InvariantCulture)} with this model. Only the default (1) value is supported.");
        }

        if (body["max_tokens"] is not null)
        {
            return ScriptedAnswer.InvalidRequest("unsupported_parameter", "max_tokens", "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.");
        }

        var effort = body["reasoning_effort"]?.GetValue<string>() ?? "medium";
        return efforts.Contains(effort)
            ? null
            : ScriptedAnswer.InvalidRequest("unsupported_value", "reasoning_effort", $"Unsupported value: '{effort}' is not supported with the '{request.Deployment}' model. Supported values are: {string.Join(", ", efforts.Select(e => $"'{e}'"))}.");
    }

    /// <summary>A reasoning deployment's answer: reasoning tokens spent from the budget first, then the answer if it still fits.</summary>
    private ScriptedAnswer Reason(RecordedRequest request, ScriptedAnswer answer)
    {
        if (answer.Status != 200 || !ReasoningDeployments.ContainsKey(request.Deployment) || JsonNode.Parse(answer.Body) is not JsonObject completion)
        {
            return answer;
        }

        var reasoning = ReasoningTokens[request.Body["reasoning_effort"]?.GetValue<string>() ?? "medium"];
        var budget = request.Body["max_completion_tokens"]?.GetValue<int>() ?? int.MaxValue;
        var usage = completion["usage"]!.AsObject();
        var output = usage["completion_tokens"]!.GetValue<int>();
        var choice = completion["choices"]![0]!.AsObject();
        if (reasoning + output > budget)
        {
            choice["message"]!["content"] = string.Empty;
            choice["finish_reason"] = "length";
            (output, reasoning) = (budget, Math.Min(reasoning, budget));
        }
        else
        {
            output += reasoning;
        }

        usage["completion_tokens"] = output;
        usage["total_tokens"] = usage["prompt_tokens"]!.GetValue<int>() + output;
        usage["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoning };
        return answer with { Body = completion.ToJsonString() };
    }

    /// <summary>
    /// The <c>OpenAI:*</c> settings of a host that uses this endpoint's <paramref name="deployment"/>, with short
    /// deadlines and retry delays so failing tests fail fast.
    /// </summary>
    public Dictionary<string, string?> Settings(string deployment) => new()
    {
        ["OpenAI:Endpoint"] = Endpoint.ToString(),
        ["OpenAI:Deployment"] = deployment,
        ["OpenAI:ApiKey"] = "test-key",
        ["OpenAI:DeadlineSeconds"] = "5",
        ["OpenAI:AttemptTimeoutSeconds"] = "2",
        ["OpenAI:RetryDelaySeconds"] = "0.05",
    };

    /// <summary>Queues answers, one per request, in order.</summary>
    public void Script(params ScriptedAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A request the server received.</summary>
/// <param name="Deployment">The deployment in the path.</param>
/// <param name="ApiVersion">The <c>api-version</c> query value.</param>
/// <param name="ApiKey">The <c>api-key</c> header.</param>
/// <param name="Body">The JSON body.</param>
public sealed record RecordedRequest(string Deployment, string ApiVersion, string ApiKey, JsonNode Body)
{
    /// <summary>The text of the message with <paramref name="role"/>.</summary>
    public string Message(string role) =>
        Body["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == role)!["content"] switch
        {
            JsonValue value => value.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())),
            _ => string.Empty,
        };
}

/// <summary>One scripted answer.</summary>
public sealed record ScriptedAnswer(int Status, string Body, TimeSpan Delay, IReadOnlyDictionary<string, string> Headers)
{
    private static readonly Dictionary<string, string> NoHeaders = [];

    /// <summary>A chat completion whose message is <paramref name="content"/>.</summary>
    public static ScriptedAnswer Completion(string content, int inputTokens = 812, int outputTokens = 96, string finishReason = "stop", TimeSpan delay = default) =>
        new(200, JsonSerializer.Serialize(new
        {
            id = "chatcmpl-test",
            @object = "chat.completion",
            created = 1_764_000_000,
            model = "gpt-4o-mini",
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = finishReason } },
            usage = new { prompt_tokens = inputTokens, completion_tokens = outputTokens, total_tokens = inputTokens + outputTokens },
        }), delay, NoHeaders);

    /// <summary>A well-formed summary answer.</summary>
    public static ScriptedAnswer Summary(string summary, string language = "en", TimeSpan delay = default) =>
        Completion(JsonSerializer.Serialize(new
        {
            summary,
            keyPoints = new[] { "Dock workers stopped work.", "Ships were diverted.", "Talks resume Wednesday." },
            entities = new { people = Array.Empty<string>(), organizations = new[] { "Port of Rotterdam" }, places = new[] { "Rotterdam", "Antwerp" } },
            language,
        }), delay: delay);

    /// <summary>A 400 as Azure OpenAI words it for a request parameter the deployment does not take.</summary>
    public static ScriptedAnswer InvalidRequest(string code, string? parameter, string message) =>
        new(400, JsonSerializer.Serialize(new { error = new { message, type = "invalid_request_error", param = parameter, code } }), TimeSpan.Zero, NoHeaders);

    /// <summary>An error status with an OpenAI-style error body.</summary>
    public static ScriptedAnswer Error(int status, string code = "server_error", string message = "failure", IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(new { error = new { message, type = (string?)null, param = (string?)null, code, status } }), TimeSpan.Zero, headers ?? NoHeaders);
}
