using NewsAlerts.Matching;
using NewsAlerts.Summaries;

namespace NewsAlerts.Articles;

/// <summary>What processing one article came to: what its row in <c>Articles</c> and its rows in <c>Matches</c> hold.</summary>
/// <param name="Id">The article's id (<see cref="Storage.TableKeys.ArticleId"/> of its name).</param>
/// <param name="Name">The blob name.</param>
/// <param name="Document">What the article says.</param>
/// <param name="Summary">Its summary, the text bounded to <see cref="Storage.ArticleStore.MaxSummaryLength"/>.</param>
/// <param name="StoryId">The story it belongs to.</param>
/// <param name="Matches">The watchlists it matched.</param>
/// <param name="Blob">The version of the blob processed.</param>
/// <param name="ProcessedAt">When it was processed.</param>
public sealed record ProcessedArticle(
    string Id, string Name, ArticleDocument Document, Summary Summary, string StoryId, IReadOnlyList<WatchlistMatch> Matches, BlobVersion Blob, DateTimeOffset ProcessedAt);

/// <summary>The version of an article's blob that was read.</summary>
/// <param name="ETag">The blob's ETag.</param>
/// <param name="Bytes">Its length.</param>
public sealed record BlobVersion(string ETag, long Bytes);
