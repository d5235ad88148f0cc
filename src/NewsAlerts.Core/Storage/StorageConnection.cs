using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace NewsAlerts.Storage;

/// <summary>
/// How to reach the storage account, read from <c>AzureWebJobsStorage</c> the way the Functions host
/// reads it: either a connection string, or identity-based settings (<c>AzureWebJobsStorage__accountName</c>,
/// or <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c>, with optional
/// <c>__credential=managedidentity</c> and <c>__clientId</c>).
/// </summary>
public sealed class StorageConnection
{
    /// <summary>The configuration key, shared with the Functions host.</summary>
    public const string ConfigurationKey = "AzureWebJobsStorage";

    private DefaultAzureCredential? _credential;

    /// <summary>The connection string, when storage is reached by one.</summary>
    public string? ConnectionString { get; private set; }

    /// <summary>The blob endpoint, when storage is reached by identity.</summary>
    public Uri? BlobServiceUri { get; private set; }

    /// <summary>The queue endpoint, when storage is reached by identity.</summary>
    public Uri? QueueServiceUri { get; private set; }

    /// <summary>The table endpoint, when storage is reached by identity.</summary>
    public Uri? TableServiceUri { get; private set; }

    /// <summary>The user-assigned managed identity's client id, when one is named.</summary>
    public string? ClientId { get; private set; }

    /// <summary>Whether any way to reach storage is configured.</summary>
    public bool IsConfigured => ConnectionString is not null || BlobServiceUri is not null;

    /// <summary>Reads the connection from <paramref name="configuration"/>.</summary>
    public static StorageConnection From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = new StorageConnection();
        var section = configuration.GetSection(ConfigurationKey);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            connection.ConnectionString = section.Value;
            return connection;
        }

        var account = section["accountName"];
        connection.BlobServiceUri = Endpoint(section["blobServiceUri"], account, "blob");
        connection.QueueServiceUri = Endpoint(section["queueServiceUri"], account, "queue");
        connection.TableServiceUri = Endpoint(section["tableServiceUri"], account, "table");
        connection.ClientId = section["clientId"];
        return connection;
    }

    /// <summary>Describes the connection for people, without secrets.</summary>
    public string Describe()
    {
        if (ConnectionString is null)
        {
            return BlobServiceUri is null ? "not configured" : $"{BlobServiceUri.Host} (identity)";
        }

        var parts = ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return "local development storage (Azurite at 127.0.0.1:10000-10002)";
        }

        return parts.TryGetValue("BlobEndpoint", out var blob) ? blob
            : parts.TryGetValue("AccountName", out var name) ? $"account {name}"
            : "connection string";
    }

    internal BlobServiceClient CreateBlobServiceClient(BlobClientOptions options) =>
        ConnectionString is not null ? new BlobServiceClient(ConnectionString, options) : new BlobServiceClient(Required(BlobServiceUri, "blobServiceUri"), Credential(), options);

    internal QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        ConnectionString is not null ? new QueueServiceClient(ConnectionString, options) : new QueueServiceClient(Required(QueueServiceUri, "queueServiceUri"), Credential(), options);

    internal TableServiceClient CreateTableServiceClient(TableClientOptions options) =>
        ConnectionString is not null ? new TableServiceClient(ConnectionString, options) : new TableServiceClient(Required(TableServiceUri, "tableServiceUri"), Credential(), options);

    // One credential for the three clients, so they share its token cache.
    private DefaultAzureCredential Credential() =>
        _credential ??= new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ClientId });

    private static Uri Required(Uri? uri, string key) =>
        uri ?? throw new InvalidOperationException($"{ConfigurationKey}__{key} (or {ConfigurationKey}__accountName) is not set");

    private static Uri? Endpoint(string? explicitUri, string? account, string service) =>
        !string.IsNullOrWhiteSpace(explicitUri) ? new Uri(explicitUri)
        : !string.IsNullOrWhiteSpace(account) ? new Uri($"https://{account}.{service}.core.windows.net")
        : null;
}
