using System.Text.Json;
using Azure.Data.Tables;
using NewsAlerts.Summaries;

namespace NewsAlerts.Storage;

/// <summary>
/// The <c>Summaries</c> table (<see cref="SummaryEntity"/>, partition = the key's first two hex digits, row = the key):
/// the only code that reads or writes it. <see cref="SummaryCache"/> decides what goes in and under which key.
/// </summary>
public sealed class SummaryStore
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly StoreTable _table;

    internal SummaryStore(StoreTable table) => _table = table;

    /// <summary>The summary kept under <paramref name="key"/>, tokens included; null when there is none. One point read.</summary>
    public async Task<Summary?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var table = await _table.OpenAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<SummaryEntity>(Partition(key), key, cancellationToken: cancellationToken);
        return row.HasValue ? ToSummary(row.Value!) : null;
    }

    /// <summary>Keeps <paramref name="summary"/> under <paramref name="key"/>, replacing what was there. One round trip.</summary>
    public async Task SaveAsync(string key, Summary summary, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(summary);
        var table = await _table.OpenAsync(cancellationToken);
        var row = new SummaryEntity
        {
            PartitionKey = Partition(key),
            RowKey = key,
            Text = summary.Text,
            Summarizer = summary.Summarizer,
            Note = summary.Note,
            KeyPointsJson = JsonSerializer.Serialize(summary.KeyPoints, JsonOptions),
            EntitiesJson = summary.Entities is null ? null : JsonSerializer.Serialize(summary.Entities, JsonOptions),
            Language = summary.Language,
            InputTokens = summary.InputTokens,
            OutputTokens = summary.OutputTokens,
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    // 256 partitions spread the cache's load; the key is a hash, so they fill evenly.
    private static string Partition(string key) => key[..2];

    private static Summary ToSummary(SummaryEntity row) => new()
    {
        Text = row.Text,
        Summarizer = row.Summarizer,
        Note = row.Note,
        KeyPoints = JsonSerializer.Deserialize<List<string>>(row.KeyPointsJson, JsonOptions) ?? [],
        Entities = row.EntitiesJson is null ? null : JsonSerializer.Deserialize<SummaryEntities>(row.EntitiesJson, JsonOptions),
        Language = row.Language,
        InputTokens = row.InputTokens,
        OutputTokens = row.OutputTokens,
    };
}
