using Azure;
using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>Removing rows in bulk, for the stores.</summary>
internal static class TableRows
{
    private const int MaxBatch = 100;

    /// <summary>
    /// Deletes the rows of one partition that <paramref name="filter"/> selects: one query of their keys, then one
    /// transaction per 100 rows. Returns how many there were.
    /// </summary>
    public static async Task<int> DeleteAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        foreach (var chunk in rows.Chunk(MaxBatch))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // A row went meanwhile, which fails the whole batch: delete one by one (a missing row is a 404, not an error).
                foreach (var row in chunk)
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                }
            }
        }

        return rows.Count;
    }
}
