using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// One digest for one subscriber, in the <c>Digests</c> table, read and written by <see cref="DigestStore"/> alone:
/// partition = subscriber, row = digest id.
/// </summary>
internal sealed class DigestEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Email { get; set; } = string.Empty;

    /// <summary><c>sending</c>, <c>sent</c>, <c>failed</c> or <c>refused</c> (the mail server refused the recipient).</summary>
    public string Status { get; set; } = string.Empty;

    public int MatchCount { get; set; }

    public int StoryCount { get; set; }

    public string? Subject { get; set; }

    public string? MessageId { get; set; }

    /// <summary>Where the message went: an <c>.eml</c> path or <c>smtp://host</c>.</summary>
    public string? Location { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset ClaimedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}
