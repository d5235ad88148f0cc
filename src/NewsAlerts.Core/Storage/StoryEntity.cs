using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// A story in the <c>Stories</c> table: partition = story id, row <see cref="Row"/>. Holds the story's centroid
/// (its heaviest terms and their summed weights, bounded), how many articles it gathers and their time span.
/// A story merged into another (two hosts started one event's story at once) names it in <see cref="MergedInto"/>.
/// </summary>
internal sealed class StoryEntity : ITableEntity
{
    /// <summary>The row key every story row has.</summary>
    public const string Row = "story";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary><c>term weight</c> lines, heaviest first (<see cref="Stories.StoryCentroid.SerializeWeights"/>).</summary>
    public string Weights { get; set; } = string.Empty;

    public int Articles { get; set; }

    public DateTimeOffset First { get; set; }

    public DateTimeOffset Latest { get; set; }

    /// <summary>The <see cref="Latest"/> the term index rows were last written with; they are refreshed when it falls behind.</summary>
    public DateTimeOffset IndexedLatest { get; set; }

    /// <summary>The terms the story is indexed by, space-separated.</summary>
    public string KeyTerms { get; set; } = string.Empty;

    /// <summary>The story this one was merged into, if any.</summary>
    public string? MergedInto { get; set; }
}

/// <summary>
/// One row of the story term index, in the <c>StoryTerms</c> table: partition = a term (escaped), row = the id of a
/// story that has it among its heaviest. A new article looks up its own heaviest terms here to find its candidate
/// stories, so what it reads does not grow with the number of stories.
/// </summary>
internal sealed class StoryTermEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The story's first article's time (as far as the row knows).</summary>
    public DateTimeOffset First { get; set; }

    /// <summary>The story's latest article's time (as far as the row knows; refreshed at least daily while it grows).</summary>
    public DateTimeOffset Latest { get; set; }
}
