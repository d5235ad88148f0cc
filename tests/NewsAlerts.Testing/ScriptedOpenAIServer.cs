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
/// Azure.AI.OpenAI client over HTTP.
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
            var answer = server.Responder?.Invoke(request) ?? (server._script.TryDequeue(out var scripted) ? scripted : server.DefaultAnswer);
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

    /// <summary>An error status with an OpenAI-style error body.</summary>
    public static ScriptedAnswer Error(int status, string code = "server_error", string message = "failure", IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(new { error = new { message, type = (string?)null, param = (string?)null, code, status } }), TimeSpan.Zero, headers ?? NoHeaders);
}
