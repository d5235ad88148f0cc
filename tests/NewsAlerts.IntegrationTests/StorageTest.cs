using NewsAlerts.Articles;
using NewsAlerts.Storage;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;

namespace NewsAlerts;

/// <summary>A test over its own NewsAlerts storage (unique names on the shared Azurite).</summary>
public abstract class StorageTest : IAsyncLifetime
{
    private TestStorage? _storage;

    protected TestStorage Storage => _storage ?? throw new InvalidOperationException("not started");

    public virtual async Task InitializeAsync() => _storage = await TestStorage.StartAsync(Settings());

    public virtual async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }

    /// <summary>Settings this test class needs on top of the defaults.</summary>
    protected virtual Dictionary<string, string?> Settings() => [];

    protected async Task UploadAsync(string name, string text, IDictionary<string, string>? metadata = null) =>
        await Storage.UploadAsync(name, text, metadata);

    protected async Task UploadAsync(string name, byte[] content, IDictionary<string, string>? metadata = null) =>
        await Storage.UploadAsync(name, content, metadata);

    protected async Task<IngestResult> IngestAsync(string name) => await Storage.Get<ArticleIngestor>().IngestAsync(name);

    protected async Task AddWatchlistAsync(string email, string name, params string[] terms) =>
        await Storage.Get<WatchlistService>().AddAsync(email, name, terms);

    protected async Task<List<Article>> ArticlesAsync(ArticleStatus? status = null)
    {
        var articles = new List<Article>();
        await foreach (var article in Storage.Get<ArticleStore>().ListAsync(status))
        {
            articles.Add(article);
        }

        return articles;
    }

    /// <summary>Every row of the <c>Matches</c> table, as stored.</summary>
    private protected async Task<List<MatchEntity>> MatchRowsAsync()
    {
        var rows = new List<MatchEntity>();
        await foreach (var row in Storage.Table("Matches").QueryAsync<MatchEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
