using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// An article's place in a story, in the <c>Stories</c> table: partition = the UTC day it was processed
/// (<c>yyyyMMdd</c>), so a host loads exactly the days of the story window; row = article id.
/// </summary>
public sealed class StoryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string StoryId { get; set; } = string.Empty;

    /// <summary>The MinHash signature, 512 bytes.</summary>
    public byte[] Signature { get; set; } = [];

    public DateTimeOffset ProcessedAt { get; set; }
}
