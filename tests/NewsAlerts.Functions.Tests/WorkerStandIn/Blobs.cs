// Stand-in: Microsoft.Azure.Functions.Worker.Extensions.Storage.Blobs.
namespace Microsoft.Azure.Functions.Worker;

using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

public enum BlobTriggerSource
{
    LogsAndContainerScan,
    EventGrid,
}

public sealed class BlobTriggerAttribute : TriggerBindingAttribute
{
    public BlobTriggerAttribute(string blobPath) => BlobPath = blobPath;

    public string BlobPath { get; }

    public string? Connection { get; set; }

    public BlobTriggerSource Source { get; set; } = BlobTriggerSource.LogsAndContainerScan;
}
