using System.Text.Json;
using Azure.Data.Tables;
using NewsAlerts.Digests;

namespace NewsAlerts.Storage;

// The digest's side of the Matches table: a subscriber's undelivered matches, read from their one partition, and
// marking the ones a digest sent.
public sealed partial class MatchStore
{
    // Rows that keep changing under the marking (an article reprocessed again and again) fail the marking after this
    // many rounds, for the queue to retry the digest; its claim is not finished, so nothing is lost.
    private const int MaxMarkAttempts = 3;

    /// <summary>The undelivered matches of subscriber <paramref name="email"/>: one query of their partition.</summary>
    public async Task<IReadOnlyList<PendingMatch>> PendingAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var table = await _matches.OpenAsync(cancellationToken);
        var pending = new List<PendingMatch>();
        await foreach (var match in table.QueryAsync<MatchEntity>(UndeliveredIn(TableKeys.Subscriber(email)), cancellationToken: cancellationToken))
        {
            pending.Add(new PendingMatch(ToItem(match)) { RowKey = match.RowKey, ETag = match.ETag });
        }

        return pending;
    }

    /// <summary>How many undelivered matches subscriber <paramref name="email"/> has: one query of their partition, keys only.</summary>
    public async Task<int> CountPendingAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var table = await _matches.OpenAsync(cancellationToken);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(UndeliveredIn(TableKeys.Subscriber(email)), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Marks <paramref name="matches"/> of subscriber <paramref name="email"/> delivered by digest <paramref name="digestId"/>,
    /// each on the condition that it is as it was read, in transactions of up to 100. A row that changed since is read
    /// again: one another digest delivered meanwhile is left as that digest marked it, one that reprocessing refreshed
    /// (or that is gone) is marked with its new ETag (or skipped).
    /// </summary>
    public async Task MarkDeliveredAsync(string email, IReadOnlyList<PendingMatch> matches, string digestId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentNullException.ThrowIfNull(matches);
        var table = await _matches.OpenAsync(cancellationToken);
        var partition = TableKeys.Subscriber(email);
        var unmarked = matches;
        for (var attempt = 1; unmarked.Count > 0; attempt++)
        {
            var changed = new List<PendingMatch>();
            foreach (var chunk in unmarked.Chunk(MaxBatch))
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(m => MarkDelivered(partition, m, digestId, at)), cancellationToken);
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412 && attempt < MaxMarkAttempts)
                {
                    changed.AddRange(chunk);
                }
            }

            var keys = changed.Select(m => m.RowKey).ToHashSet(StringComparer.Ordinal);
            unmarked = keys.Count == 0 ? [] : [.. (await PendingAsync(email, cancellationToken)).Where(m => keys.Contains(m.RowKey))];
        }
    }

    /// <summary>
    /// Removes the undelivered matches of subscriber <paramref name="email"/>; delivered ones stay as the history of what
    /// was sent. Returns how many were removed.
    /// </summary>
    public async Task<int> RemoveUndeliveredAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var table = await _matches.OpenAsync(cancellationToken);
        return await TableRows.DeleteAsync(table, UndeliveredIn(TableKeys.Subscriber(email)), cancellationToken);
    }

    private static string UndeliveredIn(string partition) => TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Delivered eq false");

    private static TableTransactionAction MarkDelivered(string partition, PendingMatch match, string digestId, DateTimeOffset at) => new(
        TableTransactionActionType.UpdateMerge,
        new TableEntity(partition, match.RowKey)
        {
            [nameof(MatchEntity.Delivered)] = true,
            [nameof(MatchEntity.DeliveredAt)] = at,
            [nameof(MatchEntity.DigestId)] = digestId,
        },
        match.ETag);

    private static DigestItem ToItem(MatchEntity match) => new()
    {
        ArticleId = match.ArticleId,
        Title = match.Title,
        Summary = match.Summary,
        Summarizer = match.Summarizer,
        Source = match.Source,
        Url = match.Url,
        StoryId = match.StoryId ?? match.ArticleId,
        Watchlist = match.Watchlist,
        Terms = JsonSerializer.Deserialize<List<string>>(match.TermsJson) ?? [],
        Snippet = match.Snippet,
        Snippets = match.ReadSnippets(),
        Score = match.Score ?? 0,
        MatchedAt = match.MatchedAt,
    };
}
