using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using NewsAlerts.Cli.Local;

namespace NewsAlerts.Testing;

/// <summary>
/// A real SMTP server on loopback: MailDev (npm <c>maildev@3.0.0</c>), which keeps what it receives (in a folder of
/// its own, so a stop and a start lose nothing) and lists it over HTTP, so a test can read the delivered message back.
/// </summary>
public sealed class MailDevServer : IAsyncDisposable
{
    public const string Version = "3.0.0";
    private readonly HttpClient _http;
    private readonly int _webPort;
    private readonly string _mailDirectory;
    private Process _process;

    private MailDevServer(Process process, int smtpPort, int webPort, string mailDirectory)
    {
        _process = process;
        SmtpPort = smtpPort;
        _webPort = webPort;
        _mailDirectory = mailDirectory;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/api/") };
    }

    public int SmtpPort { get; }

    public static async Task<MailDevServer> StartAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            // MailDev needs explicit ports; a port taken between probe and bind is retried.
            var (smtp, web) = (FreePort(), FreePort());
            var mailDirectory = Directory.CreateTempSubdirectory("newsalerts-maildev-").FullName;
            var server = new MailDevServer(await LaunchAsync(smtp, web, mailDirectory, cancellationToken), smtp, web, mailDirectory);
            if (await server.WaitUntilReadyAsync(cancellationToken))
            {
                return server;
            }

            await server.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException("MailDev did not start");
            }
        }
    }

    /// <summary>Stops the server (the mail server is down): its SMTP port refuses connections until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        await ChildProcess.KillAndDisposeAsync(_process);
    }

    /// <summary>Starts the stopped server again on the same ports, with the messages it had received.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        _process = await LaunchAsync(SmtpPort, _webPort, _mailDirectory, cancellationToken);
        if (!await WaitUntilReadyAsync(cancellationToken))
        {
            throw new InvalidOperationException($"MailDev did not start again on port {SmtpPort}");
        }
    }

    private static async Task<Process> LaunchAsync(int smtp, int web, string mailDirectory, CancellationToken cancellationToken)
    {
        var package = await NodePackages.EnsureInstalledAsync("maildev", Version, cancellationToken);
        var start = new ProcessStartInfo(NodePackages.Node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            Path.Combine(package, "dist", "bin", "maildev.js"), "--ip", "127.0.0.1",
            "--smtp", smtp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--web", web.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--mail-directory", mailDirectory, "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Every message received so far.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetEmailsAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<List<JsonElement>>("email", cancellationToken) ?? [];

    /// <summary>The raw source (RFC 5322) of a received message.</summary>
    public async Task<string> GetSourceAsync(string id, CancellationToken cancellationToken = default) =>
        await _http.GetStringAsync($"email/{id}/source", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await StopAsync();
        try
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; it is a temp folder.
        }
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 100; i++)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await _http.GetAsync("email", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK && await SmtpAcceptsAsync(cancellationToken))
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    private async Task<bool> SmtpAcceptsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, SmtpPort, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
