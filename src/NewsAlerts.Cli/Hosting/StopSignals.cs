using System.Runtime.InteropServices;

namespace NewsAlerts.Cli.Hosting;

/// <summary>
/// The one owner of Ctrl+C (SIGINT) and SIGTERM for the <c>newsalerts</c> process: the first of either cancels
/// <see cref="Token"/>, which every command passes down, so the command stops at its next await and ends with
/// <see cref="ExitCodes.Cancelled"/> (SIGINT) or <see cref="ExitCodes.Terminated"/> (SIGTERM). A second signal is
/// left to its default action, which ends the process at once: the way out when stopping itself hangs.
/// </summary>
/// <remarks>
/// System.CommandLine handles neither signal when invoked with an <c>InvocationConfiguration</c> of our own, and the
/// generic host's console lifetime swallows both to stop an application that commands do not run (see
/// <see cref="CommandLifetime"/>); before this class, serve ignored both until SIGKILL.
/// </remarks>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public StopSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>
    /// The process exit code for a command that returned <paramref name="exitCode"/>: a command stopped by SIGTERM
    /// says so with 143, as a process ended by that signal would.
    /// </summary>
    public int ExitCodeFor(int exitCode) =>
        exitCode == ExitCodes.Cancelled && Volatile.Read(ref _received) == (int)PosixSignal.SIGTERM ? ExitCodes.Terminated : exitCode;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _received, (int)context.Signal, 0) != 0)
        {
            return;
        }

        context.Cancel = true;

        // Off the signal thread: cancellation callbacks run inline, and this thread must stay free for a second signal.
        _ = Task.Run(_stop.Cancel);
    }
}
