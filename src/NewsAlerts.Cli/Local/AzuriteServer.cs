using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsAlerts.Cli.Local;

/// <summary>
/// A private Azurite (Blob, Queue, Table) in memory on free loopback ports, for the life of this object.
/// Started with <c>--skipApiVersionCheck</c>, since Azurite speaks an older service version than the SDK.
/// </summary>
internal sealed partial class AzuriteServer : IAsyncDisposable
{
    /// <summary>The Azurite version used; pinned so every machine runs the same one.</summary>
    public const string Version = "3.37.0";

    // Azurite's well-known development account; public by design, valid only against Azurite.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _workDirectory;

    private AzuriteServer(Process process, string workDirectory, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _workDirectory = workDirectory;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The CPU time Azurite has used so far: on one machine, its share of what a workload costs.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The connection string for this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>Installs Azurite if needed and starts it; returns once all three services listen.</summary>
    /// <exception cref="LocalToolException">Node.js or npm is missing, or Azurite did not start.</exception>
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var package = await NodePackages.EnsureInstalledAsync("azurite", Version, cancellationToken);
        var workDirectory = Directory.CreateTempSubdirectory("newsalerts-azurite-").FullName;
        var start = new ProcessStartInfo(NodePackages.Node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        foreach (var argument in new[]
        {
            Path.Combine(package, "dist", "src", "azurite.js"),
            // --silent: no access log line per request, which costs Azurite CPU and this process memory.
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent",
            "--blobHost", "127.0.0.1", "--blobPort", "0",
            "--queueHost", "127.0.0.1", "--queuePort", "0",
            "--tableHost", "127.0.0.1", "--tablePort", "0",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new LocalToolException("node did not start");
        }
        catch (Win32Exception ex)
        {
            throw new LocalToolException("node was not found: install Node.js 20 or later, or set AzureWebJobsStorage to a storage account", ex);
        }

        var ports = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        // The last lines only, for an error message: Azurite runs as long as the command, and its output with it.
        var output = new Queue<string>();
        string Tail()
        {
            lock (output)
            {
                return string.Join(" | ", output);
            }
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new LocalToolException($"Azurite exited before it was ready: {Tail()}"));
                return;
            }

            lock (output)
            {
                Keep(output, e.Data);
                var listening = Listening().Match(e.Data);
                if (listening.Success)
                {
                    ports[listening.Groups["service"].Value] = int.Parse(listening.Groups["port"].Value, CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    Keep(output, e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or LocalToolException)
        {
            Stop(process);
            process.Dispose();
            if (ex is LocalToolException)
            {
                throw;
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new LocalToolException($"Azurite did not start within 60 seconds: {Tail()}", ex);
        }

        return new AzuriteServer(process, workDirectory, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <summary>Stops Azurite; everything it held is gone.</summary>
    public ValueTask DisposeAsync()
    {
        Stop(_process);
        _process.Dispose();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; the OS cleans it.
        }

        return ValueTask.CompletedTask;
    }

    private static void Keep(Queue<string> output, string line)
    {
        output.Enqueue(line);
        if (output.Count > 5)
        {
            output.Dequeue();
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^:]+:(?<port>\d+)")]
    private static partial Regex Listening();
}
