using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsAlerts.Articles;
using NewsAlerts.Storage;
using NewsAlerts.Cli.Local;

namespace NewsAlerts.Testing;

/// <summary>
/// A NewsAlerts host over the shared Azurite with names no other test uses (table prefix, container,
/// queue, outbox folder), built as the CLI builds its host: the <c>AddNewsAlerts</c> composition root the
/// hosts share, and the CLI's local host (<c>AddLocalHost</c>).
/// </summary>
public sealed class TestStorage : IAsyncDisposable
{
    private readonly IHost _host;

    private TestStorage(IHost host, string id, string outbox, FakeTimeProvider time)
    {
        _host = host;
        Id = id;
        Outbox = outbox;
        Time = time;
    }

    /// <summary>The unique name part of this instance's tables, container and queue.</summary>
    public string Id { get; }

    /// <summary>The pickup directory digests are written to (unless SMTP is configured).</summary>
    public string Outbox { get; }

    /// <summary>The clock every service uses.</summary>
    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _host.Services;

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Uploads <paramref name="text"/> to the articles container as <paramref name="name"/>, as a user would; returns the blob.</summary>
    public Task<BlobClient> UploadAsync(string name, string text, IDictionary<string, string>? metadata = null) =>
        UploadAsync(name, Encoding.UTF8.GetBytes(text), metadata);

    /// <summary>Uploads <paramref name="content"/> to the articles container as <paramref name="name"/>; returns the blob.</summary>
    public async Task<BlobClient> UploadAsync(string name, byte[] content, IDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream(content);
        await Get<ArticleUploader>().UploadAsync(name, stream, metadata);
        return Get<NewsAlertsStorage>().ArticlesContainer.GetBlobClient(name);
    }

    /// <summary>
    /// This instance's table <paramref name="name"/> (<c>Matches</c>, <c>Digests</c>, ...), for a test that checks what was
    /// written row by row, or writes a row as older versions wrote it. The code under test reaches a table only through
    /// its store.
    /// </summary>
    public TableClient Table(string name) => Get<TableServiceClient>().GetTableClient(Get<IOptions<NewsAlertsOptions>>().Value.TablePrefix + name);

    /// <summary>Uploads <paramref name="text"/> as <paramref name="name"/> and processes it, as the blob trigger would.</summary>
    public async Task<IngestResult> IngestAsync(string name, string text)
    {
        await UploadAsync(name, text);
        return await Get<ArticleIngestor>().IngestAsync(name);
    }

    /// <summary>Settings this instance runs with, for hosts a test builds itself.</summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync(string id, string outbox) => new()
    {
        ["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync(),
        ["NewsAlerts:TablePrefix"] = "t" + id,
        ["NewsAlerts:ArticlesContainer"] = "articles-" + id,
        ["NewsAlerts:DigestQueue"] = "digest-" + id,
        ["Email:PickupDirectory"] = outbox,
    };

    /// <summary>
    /// Starts a host; <paramref name="settings"/> override the defaults, <paramref name="services"/> replace
    /// services, and the clock starts at <paramref name="start"/> (default 24 November 2026, 09:00 UTC).
    /// </summary>
    public static async Task<TestStorage> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, DateTimeOffset? start = null)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var outbox = Directory.CreateTempSubdirectory("newsalerts-outbox-").FullName;
        var time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var all = await SettingsAsync(id, outbox);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddNewsAlerts().AddLocalHost();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestStorage(host, id, outbox, time);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try
        {
            Directory.Delete(Outbox, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; it is a temp folder.
        }
    }
}
