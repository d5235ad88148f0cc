using Microsoft.Extensions.Hosting;

namespace NewsAlerts.Cli.Hosting;

/// <summary>
/// The lifetime of a host that a command runs in: it waits for nothing and listens to no signal. The default
/// console lifetime would take Ctrl+C and SIGTERM for itself (and suppress their default action) only to stop a host
/// that the command, not the host, is running; <see cref="StopSignals"/> owns the signals instead.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
