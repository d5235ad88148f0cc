using System.Text.RegularExpressions;
using NewsAlerts.Testing;

namespace NewsAlerts.Functions.HostProtocol;

/// <summary>
/// The built Functions app run by <see cref="TestFunctionsHost"/> on the suite's Azurite (its own tables, container
/// and queue), a real SMTP server (MailDev) and a scripted Azure OpenAI endpoint; plus Core in this process on the
/// same storage, to arrange what the app reads and to inspect what it wrote.
/// </summary>
public sealed class FunctionsApp : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The OpenAI key the app runs with: it must appear in no log.</summary>
    public const string OpenAIKey = "sk-test-0p3nai-k3y-never-logged";

    /// <summary>The unsubscribe signing key the app runs with: it must appear in no log.</summary>
    public const string SigningKey = "test-signing-key-that-is-long-enough-and-never-logged";

    /// <summary>Where digests say the app is; links are read from the email and sent to the worker.</summary>
    public const string PublicBaseUrl = "https://news.example.com";

    private TestFunctionsHost? _host;
    private TestStorage? _storage;
    private MailDevServer? _mail;
    private ScriptedOpenAIServer? _openAI;

    public TestFunctionsHost Host => _host ?? throw NotStarted();

    public TestStorage Storage => _storage ?? throw NotStarted();

    public MailDevServer Mail => _mail ?? throw NotStarted();

    public ScriptedOpenAIServer OpenAI => _openAI ?? throw NotStarted();

    /// <summary>The app settings the worker runs with (configuration keys).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    /// <summary>Every secret the worker holds: the storage account key, the OpenAI key, the signing key.</summary>
    public IReadOnlyList<string> Secrets { get; private set; } = [];

    public static async Task<FunctionsApp> StartAsync()
    {
        var app = new FunctionsApp();
        await app.InitializeAsync();
        return app;
    }

    public async Task InitializeAsync()
    {
        _mail = await MailDevServer.StartAsync();
        _openAI = await ScriptedOpenAIServer.StartAsync();
        var appSettings = new Dictionary<string, string?>
        {
            ["OpenAI:Endpoint"] = _openAI.Endpoint.ToString(),
            ["OpenAI:Deployment"] = "summaries",
            ["OpenAI:ApiKey"] = OpenAIKey,
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = _mail.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Digests:UnsubscribeSigningKey"] = SigningKey,
            ["Digests:PublicBaseUrl"] = PublicBaseUrl,
        };
        _storage = await TestStorage.StartAsync(appSettings);
        var settings = await TestStorage.SettingsAsync(_storage.Id, _storage.Outbox);
        foreach (var (key, value) in appSettings)
        {
            settings[key] = value;
        }

        Settings = settings;
        var accountKey = Regex.Match(settings["AzureWebJobsStorage"]!, "AccountKey=([^;]+)").Groups[1].Value;
        Secrets = [accountKey, OpenAIKey, SigningKey];
        _host = await TestFunctionsHost.StartAsync(settings);
    }

    /// <summary>Uploads <paramref name="text"/> to the app's articles container as <paramref name="name"/>.</summary>
    public async Task UploadAsync(string name, string text) => await Storage.UploadAsync(name, text);

    /// <summary>Every log line the worker sent that holds one of <see cref="Secrets"/>.</summary>
    public IEnumerable<string> LogsWithSecrets(IEnumerable<RpcLog> logs) =>
        logs.Select(l => $"{l.Category}: {l.Message} {l.Exception?.Message} {l.Exception?.StackTrace} {l.Properties}")
            .Where(line => Secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal)));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        if (_mail is not null)
        {
            await _mail.DisposeAsync();
        }

        if (_openAI is not null)
        {
            await _openAI.DisposeAsync();
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private static InvalidOperationException NotStarted() => new("the app is not started");
}
