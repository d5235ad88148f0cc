namespace NewsAlerts.Articles;

/// <summary>What one file format yields before metadata and defaults are applied.</summary>
internal sealed record ParsedArticle(string? Title, string Body, string? Source = null, string? Url = null, DateTimeOffset? PublishedAt = null);
