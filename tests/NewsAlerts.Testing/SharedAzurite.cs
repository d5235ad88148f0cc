using NewsAlerts.Cli.Local;

namespace NewsAlerts.Testing;

/// <summary>
/// One real Azurite per test process, started on first use on free ports and stopped when the process
/// exits. Tests isolate themselves by names (<see cref="TestStorage"/>), so they can run in parallel.
/// </summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<AzuriteServer>> Server = new(StartAsync);

    /// <summary>The connection string of the shared instance.</summary>
    public static async Task<string> GetConnectionStringAsync() => (await Server.Value).ConnectionString;

    private static async Task<AzuriteServer> StartAsync()
    {
        var server = await AzuriteServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
