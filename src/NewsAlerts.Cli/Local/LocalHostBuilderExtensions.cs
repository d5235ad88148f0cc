using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NewsAlerts.Cli.Local;

/// <summary>The CLI's own services, on top of <see cref="NewsAlertsBuilderExtensions.AddNewsAlerts"/>.</summary>
internal static class LocalHostBuilderExtensions
{
    /// <summary>
    /// Registers the local host: the container scan that stands in for the blob trigger, the queue drain that
    /// stands in for the queue trigger, the digest run through both, and <see cref="LocalHost"/> over them all.
    /// </summary>
    public static IHostApplicationBuilder AddLocalHost(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ArticleScanner>();
        builder.Services.AddSingleton<DigestQueueProcessor>();
        builder.Services.AddSingleton<DigestRunner>();
        builder.Services.AddSingleton<LocalHost>();
        return builder;
    }
}
