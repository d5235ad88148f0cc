using Azure.Storage.Blobs.Models;
using NewsAlerts.Storage;

namespace NewsAlerts.Articles;

/// <summary>Uploads articles to the articles container, where the blob trigger (or the local host's scan) finds them.</summary>
public sealed class ArticleUploader
{
    private readonly NewsAlertsStorage _storage;

    /// <summary>Creates the uploader.</summary>
    public ArticleUploader(NewsAlertsStorage storage) => _storage = storage;

    /// <summary>Uploads <paramref name="content"/> as blob <paramref name="name"/>, replacing any blob of that name.</summary>
    /// <exception cref="ArticleRejectedException">The name has a <c>.</c> or <c>..</c> segment, which would write another blob.</exception>
    public async Task UploadAsync(string name, Stream content, IDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (BlobNames.Unaddressable(name) is { } reason)
        {
            throw new ArticleRejectedException(reason);
        }

        await _storage.EnsureCreatedAsync(cancellationToken);
        await _storage.ArticlesContainer.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { Metadata = metadata }, cancellationToken);
    }
}
