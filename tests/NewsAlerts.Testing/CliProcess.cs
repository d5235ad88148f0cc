using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace NewsAlerts.Testing;

/// <summary>
/// <c>newsalerts</c> as a real child process (the built CLI, run with <c>dotnet</c>), for what only a process shows:
/// how it takes a signal or a kill, and its exit code. Settings go in as environment variables, as a user would set
/// them; standard error is kept line by line as it arrives.
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _error = new();

    private CliProcess(Process process) => _process = process;

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Every line written to standard error so far.</summary>
    public IReadOnlyList<string> ErrorLines => [.. _error];

    /// <summary>Standard error so far, for assertion messages.</summary>
    public string Error => string.Join('\n', _error);

    /// <summary>Starts <c>newsalerts <paramref name="args"/></c> in an empty working folder with <paramref name="settings"/> (configuration keys, <c>:</c> or <c>__</c>).</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory.CreateTempSubdirectory("newsalerts-process-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // A process started from a shell script in the background inherits Ctrl+C ignored, and .NET then leaves it
        // ignored; GNU env puts the default back so that a SIGINT test tests the CLI, not how the tests were started.
        if (OperatingSystem.IsLinux() && SigIntIgnoredHere())
        {
            start.FileName = "env";
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "newsalerts.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var cli = new CliProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                cli._error.Enqueue(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return cli;
    }

    /// <summary>Waits until a line of standard error satisfies <paramref name="line"/>; false when the process ended or the time ran out first.</summary>
    public async Task<bool> WaitForErrorLineAsync(Func<string, bool> line, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_error.Any(line))
            {
                return true;
            }

            if (_process.HasExited)
            {
                // Lines still in the pipe when it exited.
                await _process.WaitForExitAsync();
                return _error.Any(line);
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>Sends <paramref name="signal"/> (SIGINT as Ctrl+C does, SIGTERM as <c>kill</c> does) with the system's <c>kill</c>.</summary>
    public async Task SignalAsync(PosixSignal signal)
    {
        var name = signal switch
        {
            PosixSignal.SIGINT => "INT",
            PosixSignal.SIGTERM => "TERM",
            PosixSignal.SIGQUIT => "QUIT",
            PosixSignal.SIGHUP => "HUP",
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "not a signal this fixture sends"),
        };
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", name, Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
    }

    /// <summary>Ends the process at once (SIGKILL): no handler runs, nothing is flushed, as in a crash or an OOM kill.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>The exit code, once the process ends within <paramref name="timeout"/>; null when it is still running.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.KillAndDisposeAsync(_process);
    }

    private static bool SigIntIgnoredHere()
    {
        // SigIgn is a hexadecimal mask with bit n-1 for signal n; SIGINT is 2.
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0b10) != 0;
    }
}
