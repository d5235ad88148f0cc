using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Storage;

/// <summary>
/// The <c>Watchlists</c> table (<see cref="WatchlistEntity"/>, partition = subscriber, and the revision row): the only
/// code that reads or writes it. Every change of a watchlist here also changes the revision row's ETag, so a host
/// knows with one point read (<see cref="RevisionAsync"/>) whether the watchlists it compiled are current.
/// </summary>
public sealed class WatchlistStore
{
    private readonly StoreTable _table;

    internal WatchlistStore(StoreTable table) => _table = table;

    /// <summary>Whether subscriber <paramref name="email"/> has a watchlist named <paramref name="name"/> (in any case). One point read.</summary>
    public async Task<bool> ExistsAsync(string email, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var table = await _table.OpenAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Subscriber(email), TableKeys.Watchlist(name), select: [nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken);
        return row.HasValue;
    }

    /// <summary>Saves <paramref name="watchlist"/>, replacing its subscriber's watchlist of that name: the row and the revision.</summary>
    public async Task SaveAsync(Watchlist watchlist, DateTimeOffset updatedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(watchlist);
        var table = await _table.OpenAsync(cancellationToken);
        var row = new WatchlistEntity
        {
            PartitionKey = TableKeys.Subscriber(watchlist.Email),
            RowKey = TableKeys.Watchlist(watchlist.Name),
            Email = watchlist.Email,
            Name = watchlist.Name,
            TermsJson = JsonSerializer.Serialize(watchlist.Terms),
            Query = watchlist.Query,
            Stem = watchlist.Stem,
            UpdatedAt = updatedAt,
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        await ChangeRevisionAsync(table, cancellationToken);
    }

    /// <summary>The watchlists of subscriber <paramref name="email"/> (one partition), or of everyone when it is null (a scan).</summary>
    public async IAsyncEnumerable<Watchlist> ListAsync(string? email = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _table.OpenAsync(cancellationToken);
        var filter = email is null
            ? TableClient.CreateQueryFilter($"PartitionKey ne {WatchlistEntity.RevisionPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Subscriber(email)}");
        await foreach (var row in table.QueryAsync<WatchlistEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new Watchlist(
                row.Email, row.Name, JsonSerializer.Deserialize<List<string>>(row.TermsJson) ?? [], string.IsNullOrEmpty(row.Query) ? null : row.Query, row.Stem ?? false);
        }
    }

    /// <summary>Removes subscriber <paramref name="email"/>'s watchlist named <paramref name="name"/>; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string email, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var table = await _table.OpenAsync(cancellationToken);
        // Tables answers a delete of a missing row with 404 and no exception.
        var response = await table.DeleteEntityAsync(TableKeys.Subscriber(email), TableKeys.Watchlist(name), ETag.All, cancellationToken);
        if (response.Status == 404)
        {
            return false;
        }

        await ChangeRevisionAsync(table, cancellationToken);
        return true;
    }

    /// <summary>Removes every watchlist of subscriber <paramref name="email"/>; returns how many there were.</summary>
    public async Task<int> DeleteAllAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var table = await _table.OpenAsync(cancellationToken);
        var removed = await TableRows.DeleteAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Subscriber(email)}"), cancellationToken);
        if (removed > 0)
        {
            await ChangeRevisionAsync(table, cancellationToken);
        }

        return removed;
    }

    /// <summary>The revision of the watchlists: an ETag that changes whenever any watchlist does; default before the first change.</summary>
    public async Task<ETag> RevisionAsync(CancellationToken cancellationToken = default)
    {
        var table = await _table.OpenAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            WatchlistEntity.RevisionPartition, WatchlistEntity.RevisionRow, ["PartitionKey"], cancellationToken);
        return row.HasValue ? row.Value!.ETag : default;
    }

    // Any write gives the row a new ETag; the value only makes each write differ for a reader of the table.
    private static async Task ChangeRevisionAsync(TableClient table, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(WatchlistEntity.RevisionPartition, WatchlistEntity.RevisionRow) { ["Changed"] = Guid.NewGuid().ToString("N") },
            TableUpdateMode.Replace,
            cancellationToken);
}
