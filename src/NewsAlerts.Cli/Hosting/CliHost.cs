using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsAlerts.Cli.Local;
using NewsAlerts.Storage;

namespace NewsAlerts.Cli.Hosting;

/// <summary>
/// The host one command runs in. Configuration comes from <c>appsettings.json</c>, the <c>Values</c> of
/// <c>local.settings.json</c> and the environment (later wins). When <c>AzureWebJobsStorage</c> is not set,
/// a private in-memory Azurite is started for the life of the command, and the command says so.
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly AzuriteServer? _azurite;

    private CliHost(IHost host, AzuriteServer? azurite, StorageConnection storage)
    {
        _host = host;
        _azurite = azurite;
        Storage = storage;
    }

    public IServiceProvider Services => _host.Services;

    public StorageConnection Storage { get; }

    /// <summary>Whether storage is a private Azurite that goes away with the command.</summary>
    public bool UsesEmbeddedAzurite => _azurite is not null;

    /// <summary>The CPU time the private Azurite has used so far; null when storage is not one.</summary>
    public TimeSpan? EmbeddedAzuriteProcessorTime => _azurite?.ProcessorTime;

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Builds and starts the host; options are validated here.</summary>
    public static async Task<CliHost> StartAsync(CliContext cli, CliHostSettings settings, CancellationToken cancellationToken)
    {
        var directory = cli.ContentRoot;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = directory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(directory, "appsettings.json"), optional: true)
            .AddInMemoryCollection(LocalSettingsFile.ReadValues(Path.Combine(directory, "local.settings.json")))
            .AddEnvironmentVariables()
            .AddInMemoryCollection(cli.Configuration)
            .AddInMemoryCollection(settings.Overrides);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(settings.LogLevel);
        builder.Logging.AddFilter("Azure", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // A host that fails to start is reported once, by the command, as one line naming the cause.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Logging.AddProvider(new CliLoggerProvider(cli.Error));
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();

        AzuriteServer? azurite = null;
        var storage = StorageConnection.From(builder.Configuration);
        if (settings.Storage == CliStorage.None)
        {
            builder.AddNewsAlertsSummarizer().AddConsoleTelemetry();
            var summarizerHost = builder.Build();
            await summarizerHost.StartAsync(cancellationToken);
            return new CliHost(summarizerHost, null, storage);
        }

        if (!storage.IsConfigured && settings.Storage == CliStorage.Configured)
        {
            throw new CliException(ExitCodes.Configuration, "AzureWebJobsStorage is not set: this command works on a deployed app's storage account. Set AzureWebJobsStorage__accountName=<account> (azd env get-values shows AZURE_STORAGE_ACCOUNT_NAME) or AzureWebJobsStorage=<connection string>.");
        }

        if (!storage.IsConfigured)
        {
            cli.Error.WriteLine("AzureWebJobsStorage is not set: starting a private Azurite in memory for this command (its data goes when the command ends).");
            azurite = await AzuriteServer.StartAsync(cancellationToken);
            builder.Configuration.AddInMemoryCollection([new(StorageConnection.ConfigurationKey, azurite.ConnectionString)]);
            storage = StorageConnection.From(builder.Configuration);
            cli.Error.WriteLine($"Azurite {AzuriteServer.Version} is listening on 127.0.0.1 (blob {azurite.BlobPort}, queue {azurite.QueuePort}, table {azurite.TablePort}).");
        }

        IHost? host = null;
        try
        {
            builder.AddNewsAlerts().AddLocalHost();
            builder.AddConsoleTelemetry();
            settings.Services?.Invoke(builder.Services);
            host = builder.Build();
            await host.StartAsync(cancellationToken);
            return new CliHost(host, azurite, storage);
        }
        catch
        {
            host?.Dispose();
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None);
        }
        finally
        {
            _host.Dispose();
            if (_azurite is not null)
            {
                await _azurite.DisposeAsync();
            }
        }
    }
}

/// <summary>How a command wants its host.</summary>
/// <param name="LogLevel">The least severe log level shown on stderr.</param>
/// <param name="Overrides">Configuration a command sets on top of everything else.</param>
/// <param name="Storage">What storage the command needs.</param>
/// <param name="Services">Services a command adds or replaces (the bench's request counter).</param>
internal sealed record CliHostSettings(LogLevel LogLevel, IReadOnlyDictionary<string, string?> Overrides, CliStorage Storage = CliStorage.ConfiguredOrPrivate, Action<IServiceCollection>? Services = null);

/// <summary>What storage a command needs.</summary>
internal enum CliStorage
{
    /// <summary>The configured account, or else a private Azurite for the command's life.</summary>
    ConfiguredOrPrivate,

    /// <summary>The configured account only: a private Azurite would make the command meaningless.</summary>
    Configured,

    /// <summary>None: the command only summarizes.</summary>
    None,
}
