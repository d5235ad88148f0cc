using Azure.Data.Tables;

namespace NewsAlerts.Storage;

/// <summary>
/// One table as its store holds it: the client <see cref="NewsAlertsStorage"/> made for it, handed out once the
/// account's tables exist, so no store reads or writes before they are created (only the process's first call waits).
/// </summary>
internal sealed class StoreTable(TableClient client, Func<CancellationToken, Task> ensureCreated)
{
    /// <summary>The table's client, once the tables exist.</summary>
    public async Task<TableClient> OpenAsync(CancellationToken cancellationToken)
    {
        await ensureCreated(cancellationToken);
        return client;
    }
}
