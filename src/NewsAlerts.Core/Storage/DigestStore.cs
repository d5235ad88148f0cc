using Azure;
using Azure.Data.Tables;
using NewsAlerts.Digests;

namespace NewsAlerts.Storage;

/// <summary>A digest's claim, held by the sender that made it until it records the outcome (<see cref="DigestStore.FinishAsync"/>).</summary>
public sealed class DigestClaim
{
    internal DigestClaim(DigestRecord record, ETag etag)
    {
        Record = record;
        ETag = etag;
    }

    /// <summary>The digest as claimed: status <see cref="DigestStatus.Sending"/>.</summary>
    public DigestRecord Record { get; }

    /// <summary>The claim row's ETag: the outcome is written on the condition that no one has taken the claim over since.</summary>
    internal ETag ETag { get; }
}

/// <summary>
/// The <c>Digests</c> table (<see cref="DigestEntity"/>, partition = subscriber, row = digest id): the only code that
/// reads or writes it. A digest is claimed with an insert before it is sent, so two senders of the same digest cannot
/// both send it, and its outcome is written on the condition that the claim is still the writer's.
/// </summary>
public sealed class DigestStore
{
    private readonly StoreTable _table;

    internal DigestStore(StoreTable table) => _table = table;

    /// <summary>
    /// The row key of the row in each subscriber's partition that names their latest claimed digest, so the latest is
    /// two point reads however many digests they had. Period ids start with <c>d</c>, <c>w</c> or <c>i</c>: no digest has it.
    /// </summary>
    internal const string LatestRow = "latest";

    /// <summary>
    /// Claims digest <paramref name="digestId"/> of subscriber <paramref name="email"/>: null when it is sent already or
    /// another sender holds a claim younger than <paramref name="staleAfter"/>. A claim that failed, was refused or went
    /// stale is taken over on the condition that it is as it was read. The claim names itself the subscriber's latest
    /// digest in the same transaction. One round trip; two more (read, take over) when the digest has a row already.
    /// </summary>
    public async Task<DigestClaim?> ClaimAsync(string email, string digestId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrEmpty(digestId);
        var table = await _table.OpenAsync(cancellationToken);
        var record = new DigestRecord(email, digestId, DigestStatus.Sending, now);
        var row = ToEntity(record);
        try
        {
            var added = await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, row), Latest(row)], cancellationToken);
            return new DigestClaim(record, added.Value[0].Headers.ETag ?? ETag.All);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            var existing = (await table.GetEntityAsync<DigestEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)).Value;
            var current = ToRecord(existing);
            var retryable = current.Status is DigestStatus.Failed or DigestStatus.Refused || (current.Status == DigestStatus.Sending && now - current.ClaimedAt > staleAfter);
            if (!retryable)
            {
                return null;
            }

            try
            {
                var updated = await table.SubmitTransactionAsync([new(TableTransactionActionType.UpdateReplace, row, existing.ETag), Latest(row)], cancellationToken);
                return new DigestClaim(record, updated.Value[0].Headers.ETag ?? ETag.All);
            }
            catch (TableTransactionFailedException conflict) when (conflict.Status == 412)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Records <paramref name="outcome"/> as the claimed digest's row, on the condition that the claim is as this sender
    /// left it: false (412) when another sender has taken the stale claim over since, whose outcome must stand.
    /// </summary>
    public async Task<bool> FinishAsync(DigestClaim claim, DigestRecord outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(outcome);
        var table = await _table.OpenAsync(cancellationToken);
        var row = ToEntity(outcome with { Email = claim.Record.Email, DigestId = claim.Record.DigestId });
        try
        {
            await table.UpdateEntityAsync(row, claim.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// The most recently claimed digest of subscriber <paramref name="email"/>; null before the first. Two point reads:
    /// the row naming it, then its row. A subscriber whose last digest was claimed before that row existed has their
    /// partition read once more, until their next digest writes it.
    /// </summary>
    public async Task<DigestRecord?> LatestAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var table = await _table.OpenAsync(cancellationToken);
        var partition = TableKeys.Subscriber(email);
        var latest = await table.GetEntityIfExistsAsync<TableEntity>(partition, LatestRow, cancellationToken: cancellationToken);
        if (latest.HasValue)
        {
            var digest = await table.GetEntityIfExistsAsync<DigestEntity>(partition, latest.Value!.GetString(nameof(DigestRecord.DigestId)), cancellationToken: cancellationToken);
            return digest.HasValue ? ToRecord(digest.Value!) : null;
        }

        DigestEntity? newest = null;
        await foreach (var row in table.QueryAsync<DigestEntity>(d => d.PartitionKey == partition && d.RowKey != LatestRow, cancellationToken: cancellationToken))
        {
            if (newest is null || row.ClaimedAt > newest.ClaimedAt)
            {
                newest = row;
            }
        }

        return newest is null ? null : ToRecord(newest);
    }

    private static TableTransactionAction Latest(DigestEntity claim) => new(
        TableTransactionActionType.UpsertReplace,
        new TableEntity(claim.PartitionKey, LatestRow) { [nameof(DigestRecord.DigestId)] = claim.RowKey });

    private static DigestEntity ToEntity(DigestRecord record) => new()
    {
        PartitionKey = TableKeys.Subscriber(record.Email),
        RowKey = record.DigestId,
        Email = record.Email,
        Status = record.Status.ToString().ToLowerInvariant(),
        MatchCount = record.MatchCount,
        StoryCount = record.StoryCount,
        Subject = record.Subject,
        MessageId = record.MessageId,
        Location = record.Location,
        Error = record.Error,
        ClaimedAt = record.ClaimedAt,
        SentAt = record.SentAt,
    };

    private static DigestRecord ToRecord(DigestEntity row) => new(
        row.Email, row.RowKey, Enum.TryParse<DigestStatus>(row.Status, ignoreCase: true, out var status) ? status : DigestStatus.Failed, row.ClaimedAt)
    {
        MatchCount = row.MatchCount,
        StoryCount = row.StoryCount,
        Subject = row.Subject,
        MessageId = row.MessageId,
        Location = row.Location,
        Error = row.Error,
        SentAt = row.SentAt,
    };
}
