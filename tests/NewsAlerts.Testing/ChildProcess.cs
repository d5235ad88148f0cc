using System.Diagnostics;

namespace NewsAlerts.Testing;

/// <summary>What the fixtures do with the processes they start.</summary>
public static class ChildProcess
{
    /// <summary>Kills <paramref name="process"/> and everything it started, waits for it, and disposes it.</summary>
    public static async Task KillAndDisposeAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }
}
