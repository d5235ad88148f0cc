using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using NewsAlerts.Email;
using NewsAlerts.Logging;
using NewsAlerts.Storage;
using NewsAlerts.Stories;

namespace NewsAlerts.Digests;

/// <summary>What sending one digest came to.</summary>
public enum DigestOutcome
{
    /// <summary>Sent, and its matches marked delivered.</summary>
    Sent,

    /// <summary>The subscriber had no undelivered matches.</summary>
    NothingNew,

    /// <summary>This digest was already sent, or another sender is sending it now.</summary>
    AlreadyClaimed,

    /// <summary>The mail server refused the recipient, the sender or the message for good (5xx); the matches stay undelivered.</summary>
    Refused,
}

/// <summary>The result of sending one digest.</summary>
/// <param name="Email">The subscriber.</param>
/// <param name="DigestId">The digest id.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="MatchCount">Matches included.</param>
/// <param name="StoryCount">Stories included.</param>
/// <param name="Location">Where the message went.</param>
/// <param name="Detail">Why it was refused, or that another sender took it over.</param>
public sealed record DigestResult(string Email, string DigestId, DigestOutcome Outcome, int MatchCount = 0, int StoryCount = 0, string? Location = null, string? Detail = null);

/// <summary>
/// Sends one subscriber's digest: claims it, gathers the undelivered matches from the subscriber's one
/// partition, groups them by story, composes, sends, and only then marks the matches delivered.
/// </summary>
/// <remarks>
/// The claim is a row inserted before sending, so two senders of the same digest send once. A sender
/// that crashes after sending but before marking leaves a claim in <c>sending</c>; after
/// <see cref="StaleClaim"/> a retry re-claims it and sends the same matches again with the same
/// Message-Id, so a rare duplicate is recognizable as one. Every later write of the claim is conditional on
/// its ETag, so a sender that stalled past <see cref="StaleClaim"/> and wakes up after a takeover cannot
/// overwrite the outcome of the sender that took over; it logs that and leaves. A send that fails leaves
/// everything undelivered for the next attempt.
/// </remarks>
public sealed class DigestSender
{
    /// <summary>How long a claim in <c>sending</c> is honoured before a retry may take it over.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);

    private const int MaxBatch = 100;

    // Rows that keep changing under the marking (an article reprocessed again and again) fail the send's
    // message after this many rounds, for the queue to retry; the claim is not finished, so nothing is lost.
    private const int MaxMarkAttempts = 3;
    private readonly NewsAlertsStorage _storage;
    private readonly DigestComposer _composer;
    private readonly StoryAssigner _stories;
    private readonly IEmailSender _email;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestSender> _logger;

    /// <summary>Creates the sender.</summary>
    public DigestSender(NewsAlertsStorage storage, DigestComposer composer, StoryAssigner stories, IEmailSender email, TimeProvider time, ILogger<DigestSender> logger)
    {
        _storage = storage;
        _composer = composer;
        _stories = stories;
        _email = email;
        _time = time;
        _logger = logger;
    }

    /// <summary>Sends the digest <paramref name="request"/> asks for.</summary>
    public async Task<DigestResult> SendAsync(DigestRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _storage.EnsureCreatedAsync(cancellationToken);
        var partition = TableKeys.Subscriber(request.Email);
        var pending = await PendingMatches.LoadAsync(_storage, partition, cancellationToken);
        if (pending.Count == 0)
        {
            return new DigestResult(request.Email, request.DigestId, DigestOutcome.NothingNew);
        }

        var claim = await ClaimAsync(partition, request, cancellationToken);
        if (claim is null)
        {
            _logger.AlreadyClaimed(request.DigestId, request.Email);
            return new DigestResult(request.Email, request.DigestId, DigestOutcome.AlreadyClaimed);
        }

        var stories = await PendingMatches.StoriesAsync(pending, _stories, cancellationToken);
        var message = await _composer.ComposeAsync(request.Email, request.DigestId, stories, cancellationToken);
        claim.Subject = message.Subject;
        claim.MessageId = message.MessageId;
        claim.MatchCount = pending.Count;
        claim.StoryCount = stories.Count;

        string location;
        try
        {
            location = await _email.SendAsync(message, cancellationToken);
        }
        catch (EmailRefusedException ex)
        {
            if (!await FinishAsync(claim, "refused", ex.Message, cancellationToken))
            {
                return TakenOver(request, "refused");
            }

            _logger.Refused(request.DigestId, request.Email, EmailAddressRedaction.Masked(ex.Message));
            return new DigestResult(request.Email, request.DigestId, DigestOutcome.Refused, pending.Count, stories.Count, Detail: ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Recorded for operators, then rethrown: the queue's retry and poison handling decide what next. When
            // another sender owns the claim now, the outcome is theirs and a retry of this message has nothing to do.
            if (!await FinishAsync(claim, "failed", ex.Message, CancellationToken.None))
            {
                return TakenOver(request, "failed");
            }

            throw;
        }

        await MarkDeliveredAsync(partition, pending, request.DigestId, cancellationToken);
        claim.Location = location;
        claim.SentAt = _time.GetUtcNow();
        if (!await FinishAsync(claim, "sent", null, cancellationToken))
        {
            return TakenOver(request, "sent");
        }

        // An outbox file is named after its recipient.
        _logger.Sent(request.DigestId, request.Email, stories.Count, pending.Count, EmailAddressRedaction.Masked(location));
        return new DigestResult(request.Email, request.DigestId, DigestOutcome.Sent, pending.Count, stories.Count, location);
    }

    /// <summary>
    /// What a sender whose claim went stale reports: another sender took the claim over and its outcome stands. This
    /// one's message may have gone out too (it was sending when the claim was taken), which is the rare duplicate
    /// the claim's staleness allows; nothing is retried because of it.
    /// </summary>
    private DigestResult TakenOver(DigestRequest request, string result)
    {
        _logger.TakenOver(request.DigestId, request.Email, result);
        return new DigestResult(request.Email, request.DigestId, DigestOutcome.AlreadyClaimed, Detail: "taken over by another sender");
    }

    /// <summary>Claims the digest; null when it is sent already or another sender holds a fresh claim.</summary>
    private async Task<DigestEntity?> ClaimAsync(string partition, DigestRequest request, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var claim = new DigestEntity
        {
            PartitionKey = partition,
            RowKey = request.DigestId,
            Email = request.Email,
            Status = "sending",
            ClaimedAt = now,
        };
        try
        {
            var added = await _storage.Digests.AddEntityAsync(claim, cancellationToken);
            claim.ETag = added.Headers.ETag ?? ETag.All;
            return claim;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await _storage.Digests.GetEntityAsync<DigestEntity>(partition, request.DigestId, cancellationToken: cancellationToken)).Value;
            var retryable = existing.Status is "failed" or "refused" || (existing.Status == "sending" && now - existing.ClaimedAt > StaleClaim);
            if (!retryable)
            {
                return null;
            }

            try
            {
                claim.ETag = existing.ETag;
                var updated = await _storage.Digests.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                claim.ETag = updated.Headers.ETag ?? ETag.All;
                return claim;
            }
            catch (RequestFailedException conflict) when (conflict.Status == 412)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Records the outcome on the claim, conditional on the claim's ETag: false (412) when another sender has taken
    /// the stale claim over since, whose outcome must not be overwritten.
    /// </summary>
    private async Task<bool> FinishAsync(DigestEntity claim, string status, string? error, CancellationToken cancellationToken)
    {
        claim.Status = status;
        claim.Error = error;
        try
        {
            await _storage.Digests.UpdateEntityAsync(claim, claim.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Marks the sent matches delivered, each on the condition that it is as it was read. A row that changed since
    /// is read again: one another digest delivered meanwhile is left as that digest marked it, one that reprocessing
    /// refreshed (or that is gone) is marked with its new ETag (or skipped).
    /// </summary>
    private async Task MarkDeliveredAsync(string partition, List<MatchEntity> matches, string digestId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var unmarked = matches;
        for (var attempt = 1; unmarked.Count > 0; attempt++)
        {
            var changed = new List<MatchEntity>();
            foreach (var chunk in unmarked.Chunk(MaxBatch))
            {
                try
                {
                    await _storage.Matches.SubmitTransactionAsync(chunk.Select(m => MarkDelivered(m, digestId, now)), cancellationToken);
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412 && attempt < MaxMarkAttempts)
                {
                    changed.AddRange(chunk);
                }
            }

            var keys = changed.Select(m => m.RowKey).ToHashSet(StringComparer.Ordinal);
            unmarked = keys.Count == 0 ? [] : [.. (await PendingMatches.LoadAsync(_storage, partition, cancellationToken)).Where(m => keys.Contains(m.RowKey))];
        }
    }

    private static TableTransactionAction MarkDelivered(MatchEntity match, string digestId, DateTimeOffset now) => new(
        TableTransactionActionType.UpdateMerge,
        new TableEntity(match.PartitionKey, match.RowKey)
        {
            [nameof(MatchEntity.Delivered)] = true,
            [nameof(MatchEntity.DeliveredAt)] = now,
            [nameof(MatchEntity.DigestId)] = digestId,
        },
        match.ETag);
}
