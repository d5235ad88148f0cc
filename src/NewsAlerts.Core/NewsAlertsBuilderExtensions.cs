using System.ClientModel;
using Azure.AI.OpenAI;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsAlerts.Articles;
using NewsAlerts.Digests;
using NewsAlerts.Email;
using NewsAlerts.Logging;
using NewsAlerts.Storage;
using NewsAlerts.Stories;
using NewsAlerts.Summaries;
using NewsAlerts.Watchlists;

namespace NewsAlerts;

/// <summary>The one composition root, shared by the Functions app and the CLI.</summary>
public static class NewsAlertsBuilderExtensions
{
    /// <summary>
    /// Registers NewsAlerts: options bound and validated at start, the storage clients once (through
    /// <c>Microsoft.Extensions.Azure</c>), the summarizer, the pipeline, digests and email.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AzureWebJobsStorage</c> is not configured.</exception>
    public static IHostApplicationBuilder AddNewsAlerts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<NewsAlertsOptions>().BindConfiguration(NewsAlertsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NewsAlertsOptions>, NewsAlertsOptionsValidator>();
        services.AddOptions<StoriesOptions>().BindConfiguration(StoriesOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoriesOptions>, StoriesOptionsValidator>();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddOptions<DigestsOptions>().BindConfiguration(DigestsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DigestsOptions>, DigestsOptionsValidator>();

        var storage = StorageConnection.From(builder.Configuration);
        if (!storage.IsConfigured)
        {
            throw new InvalidOperationException(
                $"{StorageConnection.ConfigurationKey} is not set: set it to a storage connection string (\"UseDevelopmentStorage=true\" for Azurite) " +
                $"or set {StorageConnection.ConfigurationKey}__accountName (or __blobServiceUri, __queueServiceUri and __tableServiceUri) to use an identity");
        }

        services.AddSingleton(storage);
        services.AddAzureClients(clients =>
        {
            // Microsoft.Extensions.Azure forwards the SDK's event sources to ILogger at every level, so the SDK formats
            // each request's and response's headers for a log line that the Warning filter then drops: a third of the
            // SDK's CPU per round trip (bench ingest: 0.36 → 0.24 ms). Our code logs what failed itself;
            // AzureDefaults:Diagnostics:IsLoggingEnabled=true brings the SDK's request log back.
            clients.ConfigureDefaults(options => options.Diagnostics.IsLoggingEnabled = false);

            // The SDK's retries (AzureDefaults:Retry:MaxRetries, :Delay, :Mode ...) can be set without code, as
            // Microsoft.Extensions.Azure documents; absent, the SDK's defaults stand.
            clients.ConfigureDefaults(builder.Configuration.GetSection("AzureDefaults"));
            clients.AddClient<BlobServiceClient, BlobClientOptions>(options =>
            {
                // A container accepts "/leading-slash.txt"; trimmed, the client would ask for another blob.
                options.TrimBlobNameSlashes = false;
                return storage.CreateBlobServiceClient(options);
            });
            clients.AddClient<QueueServiceClient, QueueClientOptions>(options =>
            {
                // The Functions queue trigger expects Base64 message text by default.
                options.MessageEncoding = QueueMessageEncoding.Base64;
                return storage.CreateQueueServiceClient(options);
            });
            clients.AddClient<TableServiceClient, TableClientOptions>(options => storage.CreateTableServiceClient(options));
        });

        services.TryAddSingleton(TimeProvider.System);
        builder.AddEmailAddressRedaction();

        // Model summaries are kept by the hash of the article's words, so the same content is never sent to the model
        // twice. Extractive summaries are made again: that is local work, where a cache would cost a round trip.
        if (OpenAIConfigured(builder))
        {
            services.TryAddSingleton<ISummarizer>(sp => ActivatorUtilities.CreateInstance<SummaryCache>(sp, sp.GetRequiredService<OpenAISummarizer>()));
        }

        builder.AddNewsAlertsSummarizer();
        services.AddSingleton<NewsAlertsStorage>();
        AddStores(services);
        services.AddSingleton<WatchlistCatalog>();
        services.AddSingleton<WatchlistService>();
        services.AddSingleton<DocumentFrequencies>();
        services.AddSingleton<StoryAssigner>();
        services.AddSingleton<IngestTelemetry>();
        services.AddSingleton<ArticleIngestor>();
        services.AddSingleton<ArticleUploader>();
        services.AddSingleton<SmokeCheck>();
        services.AddSingleton<DigestComposer>();
        services.AddSingleton<DigestTelemetry>();
        services.AddSingleton<DigestPlanner>();
        services.AddSingleton<DigestSender>();
        services.AddSingleton<DigestSchedules>();
        services.AddSingleton<DigestPreview>();
        services.AddSingleton<PoisonedDigests>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<UnsubscribeService>();
        services.TryAddSingleton<IEmailSender>(sp =>
            sp.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.IsConfigured
                ? ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp)
                : ActivatorUtilities.CreateInstance<PickupDirectoryEmailSender>(sp));
        return builder;
    }

    /// <summary>
    /// Registers the summarizer alone, needing no storage: Azure OpenAI when <c>OpenAI:Endpoint</c> is set,
    /// with the extractive summarizer as its fallback; the extractive summarizer otherwise.
    /// <see cref="AddNewsAlerts"/> calls it and puts a content-hash cache in front of the model.
    /// </summary>
    public static IHostApplicationBuilder AddNewsAlertsSummarizer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OpenAIOptions>().BindConfiguration(OpenAIOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OpenAIOptions>, OpenAIOptionsValidator>();
        services.AddSingleton<ExtractiveSummarizer>();
        services.AddSingleton<SummaryMetrics>();

        if (!OpenAIConfigured(builder))
        {
            services.TryAddSingleton<ISummarizer>(sp => sp.GetRequiredService<ExtractiveSummarizer>());
            return builder;
        }

        // AzureOpenAIClient's options are System.ClientModel options, which Microsoft.Extensions.Azure's client
        // factory does not take; it is registered as a singleton here instead, created once like the others.
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<OpenAIOptions>>().Value;
            var clientOptions = new AzureOpenAIClientOptions
            {
                // Retries (429 honouring Retry-After, 5xx, timed-out attempts) with jittered backoff; the
                // summarizer's deadline bounds them all.
                RetryPolicy = new OpenAIRetryPolicy(o.MaxRetries, TimeSpan.FromSeconds(o.RetryDelaySeconds)),
                NetworkTimeout = TimeSpan.FromSeconds(o.AttemptTimeoutSeconds),
            };
            var endpoint = new Uri(o.Endpoint!);
            return string.IsNullOrWhiteSpace(o.ApiKey)
                ? new AzureOpenAIClient(endpoint, new DefaultAzureCredential(), clientOptions)
                : new AzureOpenAIClient(endpoint, new ApiKeyCredential(o.ApiKey), clientOptions);
        });
        services.TryAddSingleton<IChatClient>(sp => ModelChatClient(sp));
        services.AddSingleton<OpenAISummarizer>();
        services.TryAddSingleton<ISummarizer>(sp => sp.GetRequiredService<OpenAISummarizer>());
        return builder;
    }

    /// <summary>
    /// The deployment's chat client with Microsoft.Extensions.AI's middleware: OpenTelemetry GenAI spans and metrics
    /// (<c>gen_ai.client.operation.duration</c>, <c>gen_ai.client.token.usage</c>) on the <c>NewsAlerts</c> source and
    /// meter, without message content; and, when <c>Microsoft.Extensions.AI</c> logs at Debug or Trace, its call log.
    /// </summary>
    /// <remarks>
    /// The call log writes nothing at Information: at Debug it says a call started and ended, at Trace it writes the
    /// messages (the article) and the answer. It also logs every failed call as an error, which would undo the
    /// summarizer's one error a minute for a wrong setting; so it is added only when someone asks for it by log level,
    /// read when the host starts.
    /// </remarks>
    private static IChatClient ModelChatClient(IServiceProvider services)
    {
        var deployment = services.GetRequiredService<IOptions<OpenAIOptions>>().Value.Deployment;
        var chat = services.GetRequiredService<AzureOpenAIClient>().GetChatClient(deployment).AsIChatClient()
            .AsBuilder()
            .UseOpenTelemetry(sourceName: SummaryMetrics.MeterName);
        var loggers = services.GetRequiredService<ILoggerFactory>();
        if (loggers.CreateLogger<LoggingChatClient>().IsEnabled(LogLevel.Debug))
        {
            chat.UseLogging(loggers);
        }

        return chat.Build(services);
    }

    /// <summary>One store per table, each made by <see cref="NewsAlertsStorage"/> with its table's client.</summary>
    private static void AddStores(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<NewsAlertsStorage>().Articles);
        services.AddSingleton(sp => sp.GetRequiredService<NewsAlertsStorage>().Matches);
        services.AddSingleton(sp => sp.GetRequiredService<NewsAlertsStorage>().Subscribers);
        services.AddSingleton(sp => sp.GetRequiredService<NewsAlertsStorage>().Watchlists);
        services.AddSingleton(sp => sp.GetRequiredService<NewsAlertsStorage>().Digests);
        services.AddSingleton(sp => sp.GetRequiredService<NewsAlertsStorage>().Summaries);
        services.AddSingleton(sp => sp.GetRequiredService<NewsAlertsStorage>().Stories);
    }

    private static bool OpenAIConfigured(IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration[$"{OpenAIOptions.SectionName}:{nameof(OpenAIOptions.Endpoint)}"]);
}
