using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace NewsAlerts.Functions.HostProtocol;

// The invocations the host sends for each kind of trigger (blob, timer, queue, HTTP), as the host builds them.
public sealed partial class TestFunctionsHost
{
    /// <summary>
    /// What the host sends when a blob trigger fires: deferred binding data naming the blob (the worker makes the
    /// <c>BlobClient</c>) and the path's trigger metadata.
    /// </summary>
    public Task<Invocation> InvokeBlobAsync(string function, string blobName, CancellationToken cancellationToken = default)
    {
        var (name, binding) = Trigger(function, "blobTrigger");
        var container = Resolve((string)binding["path"]!).Split('/')[0];
        var content = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["Connection"] = (string?)binding["connection"] ?? "AzureWebJobsStorage",
            ["ContainerName"] = container,
            ["BlobName"] = blobName,
        });
        var input = new TypedData
        {
            ModelBindingData = new ModelBindingData
            {
                Version = "1.0",
                Source = "AzureStorageBlobs",
                ContentType = "application/json",
                Content = ByteString.CopyFrom(content),
            },
        };
        return InvokeAsync(function, name, input, new Dictionary<string, TypedData>
        {
            ["name"] = new() { String = blobName },
            ["BlobTrigger"] = new() { String = $"{container}/{blobName}" },
            ["Uri"] = new() { Json = JsonSerializer.Serialize($"http://127.0.0.1/{container}/{Uri.EscapeDataString(blobName)}") },
        }, cancellationToken);
    }

    /// <summary>What the host sends when a timer fires: the <c>TimerInfo</c> JSON.</summary>
    public Task<Invocation> InvokeTimerAsync(string function, bool isPastDue = false, CancellationToken cancellationToken = default)
    {
        var (name, _) = Trigger(function, "timerTrigger");
        var now = DateTime.UtcNow;
        var timer = JsonSerializer.Serialize(new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new { Last = now.AddHours(isPastDue ? -3 : -1), Next = now.AddHours(1), LastUpdated = now.AddHours(-1) },
            IsPastDue = isPastDue,
        });
        return InvokeAsync(function, name, new TypedData { Json = timer }, new Dictionary<string, TypedData>(), cancellationToken);
    }

    /// <summary>What the host sends for a queue message: its text (already Base64-decoded) and the message's metadata.</summary>
    public Task<Invocation> InvokeQueueAsync(string function, string message, int dequeueCount = 1, CancellationToken cancellationToken = default)
    {
        var (name, _) = Trigger(function, "queueTrigger");
        var now = DateTimeOffset.UtcNow;
        return InvokeAsync(function, name, new TypedData { String = message }, new Dictionary<string, TypedData>
        {
            ["QueueTrigger"] = new() { String = message },
            ["Id"] = new() { String = Guid.NewGuid().ToString() },
            ["PopReceipt"] = new() { String = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) },
            ["DequeueCount"] = new() { Json = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["InsertionTime"] = new() { Json = JsonSerializer.Serialize(now) },
            ["ExpirationTime"] = new() { Json = JsonSerializer.Serialize(now.AddDays(7)) },
            ["NextVisibleTime"] = new() { Json = JsonSerializer.Serialize(now.AddSeconds(30)) },
        }, cancellationToken);
    }

    /// <summary>
    /// What the host does for an HTTP request with the ASP.NET Core integration: an invocation whose request input
    /// is an empty <c>RpcHttp</c> with the route values as trigger metadata, and the request itself forwarded to
    /// the worker's own HTTP endpoint with the invocation id in <c>x-ms-invocation-id</c>. The response is the
    /// forwarded request's.
    /// </summary>
    public async Task<(HttpResponseMessage Response, Invocation Invocation)> InvokeHttpAsync(string function, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (name, binding) = Trigger(function, "httpTrigger");
        var methods = binding["methods"]!.AsArray().Select(m => ((string)m!).ToUpperInvariant());
        if (!methods.Contains(request.Method.Method))
        {
            throw new ArgumentException($"{function} is not bound to {request.Method}; the host would not route it there", nameof(request));
        }

        var path = request.RequestUri!.OriginalString.Split('?')[0];
        var routeValues = MatchRoute((string)binding["route"]!, path)
            ?? throw new ArgumentException($"{path} does not match {function}'s route {binding["route"]}", nameof(request));
        var invocationId = Guid.NewGuid().ToString();
        request.RequestUri = new Uri(new Uri(Capabilities["HttpUri"]), RoutePrefix() + request.RequestUri.OriginalString.TrimStart('/'));
        request.Headers.Add("x-ms-invocation-id", invocationId);
        var metadata = routeValues.ToDictionary(kv => kv.Key, kv => new TypedData { String = kv.Value });
        var invocation = InvokeAsync(function, name, new TypedData { Http = new RpcHttp() }, metadata, cancellationToken, invocationId);
        var response = await _http.SendAsync(request, cancellationToken);
        return (response, await invocation);
    }

    /// <summary>An HTTP request to <paramref name="pathAndQuery"/> (after the route prefix), with a JSON body when one is given.</summary>
    public async Task<(HttpResponseMessage Response, Invocation Invocation)> InvokeHttpAsync(string function, HttpMethod method, string pathAndQuery, string? json = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(pathAndQuery, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await InvokeHttpAsync(function, request, cancellationToken);
    }

    private async Task<Invocation> InvokeAsync(string function, string bindingName, TypedData input, IDictionary<string, TypedData> triggerMetadata, CancellationToken cancellationToken, string? invocationId = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InvocationTimeout);
        var request = new InvocationRequest
        {
            InvocationId = invocationId ?? Guid.NewGuid().ToString(),
            FunctionId = Function(function).FunctionId,
            InputData = { new ParameterBinding { Name = bindingName, Data = input } },
            TraceContext = new RpcTraceContext { TraceParent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01" },
        };
        request.TriggerMetadata.Add(triggerMetadata);
        var reply = await WhileRunning(_connection.RequestAsync(new StreamingMessage { InvocationRequest = request }, timeout.Token), $"run {function}", timeout.Token);
        return new Invocation(request.InvocationId, reply.InvocationResponse, _connection.Logs.Where(l => l.InvocationId == request.InvocationId).ToList());
    }

    private (string Name, JsonObject Binding) Trigger(string function, string type)
    {
        var binding = Bindings(function).Values.SingleOrDefault(b => (string?)b["type"] == type && (string?)b["direction"] == "In")
            ?? throw new ArgumentException($"{function} has no {type}", nameof(function));
        return ((string)binding["name"]!, binding);
    }

    private static Dictionary<string, string>? MatchRoute(string template, string path)
    {
        var expected = template.Split('/');
        var actual = path.Trim('/').Split('/');
        if (expected.Length != actual.Length)
        {
            return null;
        }

        var values = new Dictionary<string, string>();
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i].StartsWith('{') && expected[i].EndsWith('}'))
            {
                values[expected[i][1..^1]] = Uri.UnescapeDataString(actual[i]);
            }
            else if (!string.Equals(expected[i], actual[i], StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return values;
    }

    private static string RoutePrefix()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(AppDirectory, "host.json")))!;
        var prefix = (string?)hostJson["extensions"]?["http"]?["routePrefix"] ?? "api";
        return prefix.Length == 0 ? string.Empty : prefix.Trim('/') + "/";
    }
}
