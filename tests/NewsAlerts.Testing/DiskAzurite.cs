using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using NewsAlerts.Cli.Local;

namespace NewsAlerts.Testing;

/// <summary>
/// An Azurite of one test's own that keeps its data in a folder on disk, so the test can stop it (a storage outage)
/// and start it again on the same ports with the same data (storage back). The shared and the CLI's private
/// instances are in memory: stopping them loses everything.
/// </summary>
public sealed partial class DiskAzurite : IAsyncDisposable
{
    // Azurite's well-known development account; public by design, valid only against Azurite.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _location;
    private Process? _process;

    private DiskAzurite(string location) => _location = location;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>The connection string; it stays valid across a stop and a start.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>Starts a new instance over an empty folder, on free ports.</summary>
    public static async Task<DiskAzurite> StartAsync()
    {
        var azurite = new DiskAzurite(Directory.CreateTempSubdirectory("newsalerts-disk-azurite-").FullName);
        await azurite.StartAgainAsync();
        return azurite;
    }

    /// <summary>Starts the stopped instance again: same ports, same data.</summary>
    public async Task StartAgainAsync()
    {
        var package = await NodePackages.EnsureInstalledAsync("azurite", AzuriteServer.Version);
        var start = new ProcessStartInfo(NodePackages.Node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            Path.Combine(package, "dist", "src", "azurite.js"),
            "--location", _location, "--skipApiVersionCheck", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", Port(BlobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Port(QueuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Port(TablePort),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var output = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                if (e.Data is null)
                {
                    ready.TrySetException(new InvalidOperationException($"Azurite exited before it was ready: {string.Join(" | ", output.TakeLast(5))}"));
                    return;
                }

                output.Add(e.Data);
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
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        (BlobPort, QueuePort, TablePort) = (ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <summary>Stops Azurite as a service manager would (SIGTERM; it saves its data and closes); its ports refuse connections until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", "TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!)
        {
            await term.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; it is a temp folder.
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^:]+:(?<port>\d+)")]
    private static partial Regex Listening();
}
