using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NewsAlerts.Functions.HostProtocol;

/// <summary>
/// Plays the Azure Functions host for the built app, as far as the host talks to its worker: starts
/// <c>NewsAlerts.Functions.dll</c> as a child process with the host's arguments and environment, serves the
/// worker's <c>FunctionRpc.EventStream</c>, completes the handshake (init, function metadata, one load per
/// function) and invokes functions with the inputs the host sends for each trigger.
/// </summary>
/// <remarks>
/// What stays the real host's: listeners (Event Grid webhook, queue polling, timer schedule), retries and
/// poison queues, function keys and <c>host.json</c> options. A test invokes a function where the host would.
/// </remarks>
public sealed partial class TestFunctionsHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    private readonly WebApplication _server;
    private readonly WorkerConnection _connection;
    private readonly Process _worker;
    private readonly StringBuilder _workerOutput = new();
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly HttpClient _http = new();
    private Dictionary<string, RpcFunctionMetadata> _functions = [];

    private TestFunctionsHost(WebApplication server, WorkerConnection connection, Process worker, IReadOnlyDictionary<string, string?> settings)
    {
        _server = server;
        _connection = connection;
        _worker = worker;
        _settings = settings;
    }

    /// <summary>The app's build output, where the host would run it from.</summary>
    public static string AppDirectory { get; } = FindAppDirectory();

    /// <summary>The functions as the worker described them in its metadata response.</summary>
    public IReadOnlyCollection<RpcFunctionMetadata> Functions => _functions.Values;

    /// <summary>The capabilities the worker announced in its init response.</summary>
    public IReadOnlyDictionary<string, string> Capabilities { get; private set; } = new Dictionary<string, string>();

    /// <summary>Every log the worker has sent over the protocol so far.</summary>
    public IReadOnlyList<RpcLog> Logs => _connection.Logs;

    /// <summary>
    /// Starts the worker with <paramref name="settings"/> as its app settings (configuration keys with
    /// <c>:</c>, passed as environment variables as the host passes them) and loads every function.
    /// </summary>
    public static async Task<TestFunctionsHost> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken = default)
    {
        var connection = new WorkerConnection();
        var server = await StartServerAsync(connection, cancellationToken);
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var workerId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppDirectory, "NewsAlerts.Functions.dll"),
            "--functions-uri", address + "/",
            "--functions-worker-id", workerId,
            "--functions-request-id", Guid.NewGuid().ToString(),
            "--functions-grpc-max-message-length", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = AppDirectory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = AppDirectory;
        start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";

        var worker = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var host = new TestFunctionsHost(server, connection, worker, settings);
        worker.OutputDataReceived += (_, e) => host.KeepOutput(e.Data);
        worker.ErrorDataReceived += (_, e) => host.KeepOutput(e.Data);
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            await host.HandshakeAsync(workerId, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The metadata of one function, as the worker reported it.</summary>
    public RpcFunctionMetadata Function(string name) =>
        _functions.TryGetValue(name, out var function) ? function : throw new ArgumentException($"the worker reported no function {name}", nameof(name));

    /// <summary>The function's raw bindings (the JSON the host reads), by binding name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Bindings(string function) =>
        Function(function).RawBindings.Select(raw => JsonNode.Parse(raw)!.AsObject()).ToDictionary(b => (string)b["name"]!);

    /// <summary>Resolves <c>%Setting%</c> references as the host does before it binds.</summary>
    public string Resolve(string value) =>
        System.Text.RegularExpressions.Regex.Replace(value, "%([^%]+)%", m =>
            _settings.TryGetValue(m.Groups[1].Value, out var setting) && setting is not null
                ? setting
                : throw new InvalidOperationException($"app setting {m.Groups[1].Value} is not set"));

    public async ValueTask DisposeAsync()
    {
        if (!_worker.HasExited)
        {
            try
            {
                // The host's polite stop; the worker stops its own host and exits.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _connection.SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate() }, timeout.Token);
                await _worker.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }
            catch (OperationCanceledException)
            {
                _worker.Kill(entireProcessTree: true);
            }
        }

        _worker.Dispose();
        _http.Dispose();
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    /// <summary>The worker's stdout and stderr, for a failure message.</summary>
    public string WorkerOutput
    {
        get
        {
            lock (_workerOutput)
            {
                return _workerOutput.ToString();
            }
        }
    }

    private static async Task<WebApplication> StartServerAsync(WorkerConnection connection, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(connection);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        var server = builder.Build();
        server.MapGrpcService<FunctionRpcService>();
        await server.StartAsync(cancellationToken);
        return server;
    }

    private async Task HandshakeAsync(string workerId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var started = await WhileRunning(_connection.Started, "open its stream", timeout.Token);
        if (started.WorkerId != workerId)
        {
            throw new InvalidOperationException($"the worker said it is {started.WorkerId}, not {workerId}");
        }

        var init = await WhileRunning(_connection.RequestAsync(new StreamingMessage
        {
            WorkerInitRequest = new WorkerInitRequest
            {
                HostVersion = "4.1044.0",
                WorkerDirectory = AppDirectory,
                FunctionAppDirectory = AppDirectory,
            },
        }, timeout.Token), "initialize", timeout.Token);
        EnsureSucceeded(init.WorkerInitResponse.Result, "worker init");
        Capabilities = init.WorkerInitResponse.Capabilities.ToDictionary();

        var metadata = await WhileRunning(_connection.RequestAsync(new StreamingMessage
        {
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = AppDirectory },
        }, timeout.Token), "describe its functions", timeout.Token);
        EnsureSucceeded(metadata.FunctionMetadataResponse.Result, "function metadata");
        _functions = metadata.FunctionMetadataResponse.FunctionMetadataResults.ToDictionary(f => f.Name);

        await Task.WhenAll(_functions.Values.Select(async function =>
        {
            var loaded = await WhileRunning(_connection.RequestAsync(new StreamingMessage
            {
                FunctionLoadRequest = new FunctionLoadRequest
                {
                    FunctionId = function.FunctionId,
                    Metadata = new RpcFunctionMetadata
                    {
                        Name = function.Name,
                        FunctionId = function.FunctionId,
                        Directory = AppDirectory,
                        ScriptFile = function.ScriptFile,
                        EntryPoint = function.EntryPoint,
                        Language = function.Language,
                        Bindings = { function.Bindings },
                        RawBindings = { function.RawBindings },
                    },
                },
            }, timeout.Token), $"load {function.Name}", timeout.Token);
            EnsureSucceeded(loaded.FunctionLoadResponse.Result, $"loading {function.Name}");
        }));

        // The worker announces its HTTP endpoint before Kestrel listens on it; the host retries a refused
        // forward, the fixture waits once instead.
        await WhileRunning(WaitUntilListeningAsync(new Uri(Capabilities["HttpUri"]), timeout.Token), "listen for HTTP", timeout.Token);
    }

    private static async Task<bool> WaitUntilListeningAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>Waits for <paramref name="task"/>, failing at once with the worker's output if the worker dies or times out.</summary>
    private async Task<T> WhileRunning<T>(Task<T> task, string what, CancellationToken cancellationToken)
    {
        var exited = _worker.WaitForExitAsync(cancellationToken);
        try
        {
            var first = await Task.WhenAny(task, exited);
            if (first == task)
            {
                return await task;
            }

            await exited;
            throw new InvalidOperationException($"the worker exited with code {_worker.ExitCode} before it could {what}:\n{WorkerOutput}");
        }
        catch (OperationCanceledException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"the worker did not {what} in time:\n{WorkerOutput}\nlogs:\n{string.Join('\n', Logs.Select(l => l.Message))}");
        }
    }

    private static void EnsureSucceeded(StatusResult result, string what)
    {
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"{what} failed: {result.Exception?.Message}\n{result.Exception?.StackTrace}");
        }
    }

    private static string FindAppDirectory()
    {
        var directory = typeof(TestFunctionsHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "FunctionsAppDirectory").Value!;
        return File.Exists(Path.Combine(directory, "functions.metadata"))
            ? Path.GetFullPath(directory)
            : throw new InvalidOperationException($"the Functions app is not built at {directory} (build NewsAlerts.sln first)");
    }

    private void KeepOutput(string? line)
    {
        if (line is not null)
        {
            lock (_workerOutput)
            {
                _workerOutput.AppendLine(line);
            }
        }
    }
}
