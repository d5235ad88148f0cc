namespace NewsAlerts.Articles;

/// <summary>An article read from an uploaded file: plain text and what is known about it.</summary>
public sealed record ArticleDocument
{
    /// <summary>The title, from the file or its metadata; never empty (falls back to the file name).</summary>
    public required string Title { get; init; }

    /// <summary>The body as plain text, paragraphs separated by blank lines. Kept as written: quotes and spaces are not normalized.</summary>
    public required string Body { get; init; }

    /// <summary>Who published it, when known.</summary>
    public string? Source { get; init; }

    /// <summary>Where it was published, when known.</summary>
    public string? Url { get; init; }

    /// <summary>When it was published, when known.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>How the file was read: <c>text</c>, <c>markdown</c>, <c>html</c> or <c>json</c>.</summary>
    public required string Format { get; init; }

    /// <summary>The character encoding the bytes were decoded with.</summary>
    public required string Encoding { get; init; }
}
