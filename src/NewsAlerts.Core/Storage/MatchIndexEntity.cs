using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// One row an article has in the <c>Matches</c> table, listed in the article's own partition of the
/// <c>Articles</c> table. Processing the article again reads its whole list with one partition query, however
/// many subscribers it reached, and so finds every row it wrote without scanning <c>Matches</c>. The article
/// row's match list is for display and is cut when long; this list is not. Read and written by <see cref="MatchStore"/>
/// alone, which owns these rows of the <c>Articles</c> table as it owns <c>Matches</c>.
/// </summary>
internal sealed class MatchIndexEntity : ITableEntity
{
    /// <summary>What every index row key starts with; the article row's own key sorts before it.</summary>
    public const string RowPrefix = "match~";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The match row's partition: its subscriber's key.</summary>
    public string Subscriber { get; set; } = string.Empty;

    /// <summary>The match row's key (see <see cref="MatchEntity.Key"/>).</summary>
    public string MatchRow { get; set; } = string.Empty;

    /// <summary>
    /// The index row key of the match row <paramref name="matchRow"/> in partition <paramref name="subscriber"/>:
    /// hashed, since the two keys together can pass the 1 KiB a key may hold.
    /// </summary>
    public static string Key(string subscriber, string matchRow) => RowPrefix + TableKeys.Hash(subscriber + "\n" + matchRow, 16);
}
