using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using NewsAlerts.Email;
using NewsAlerts.Storage;

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

    /// <summary>The mail server refused the recipient; the matches stay undelivered.</summary>
    Refused,
}

/// <summary>The result of sending one digest.</summary>
/// <param name="Email">The subscriber.</param>
/// <param name="DigestId">The digest id.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="MatchCount">Matches included.</param>
/// <param name="StoryCount">Stories included.</param>
/// <param name="Location">Where the message went.</param>
/// <param name="Detail">Why it was refused.</param>
public sealed record DigestResult(string Email, string DigestId, DigestOutcome Outcome, int MatchCount = 0, int StoryCount = 0, string? Location = null, string? Detail = null);

/// <summary>
/// Sends one subscriber's digest: claims it, gathers the undelivered matches from the subscriber's one
/// partition, groups them by story, composes, sends, and only then marks the matches delivered.
/// </summary>
/// <remarks>
/// The claim is a row inserted before sending, so two senders of the same digest send once. A sender
/// that crashes after sending but before marking leaves a claim in <c>sending</c>; after
/// <see cref="StaleClaim"/> a retry re-claims it and sends the same matches again with the same
/// Message-Id, so a rare duplicate is recognizable as one. A send that fails leaves everything
/// undelivered for the next attempt.
/// </remarks>
public sealed class DigestSender
{
    /// <summary>How long a claim in <c>sending</c> is honoured before a retry may take it over.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);

    private const int MaxBatch = 100;
    private readonly NewsAlertsStorage _storage;
    private readonly DigestComposer _composer;
    private readonly IEmailSender _email;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestSender> _logger;

    /// <summary>Creates the sender.</summary>
    public DigestSender(NewsAlertsStorage storage, DigestComposer composer, IEmailSender email, TimeProvider time, ILogger<DigestSender> logger)
    {
        _storage = storage;
        _composer = composer;
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
            _logger.LogInformation("Digest {DigestId} for {Email} is already claimed", request.DigestId, request.Email);
            return new DigestResult(request.Email, request.DigestId, DigestOutcome.AlreadyClaimed);
        }

        var stories = DigestStory.Group(pending.Select(PendingMatches.ToItem));
        var message = _composer.Compose(request.Email, request.DigestId, stories);
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
            await FinishAsync(claim, "refused", ex.Message, cancellationToken);
            _logger.LogWarning("Digest {DigestId} for {Email} refused: {Reason}", request.DigestId, request.Email, ex.Message);
            return new DigestResult(request.Email, request.DigestId, DigestOutcome.Refused, pending.Count, stories.Count, Detail: ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Recorded for operators, then rethrown: the queue's retry and poison handling decide what next.
            await FinishAsync(claim, "failed", ex.Message, CancellationToken.None);
            throw;
        }

        await MarkDeliveredAsync(partition, pending, request.DigestId, cancellationToken);
        claim.Location = location;
        claim.SentAt = _time.GetUtcNow();
        await FinishAsync(claim, "sent", null, cancellationToken);
        _logger.LogInformation(
            "Sent digest {DigestId} to {Email}: {StoryCount} stories from {MatchCount} matches, to {Location}",
            request.DigestId, request.Email, stories.Count, pending.Count, location);
        return new DigestResult(request.Email, request.DigestId, DigestOutcome.Sent, pending.Count, stories.Count, location);
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

    private async Task FinishAsync(DigestEntity claim, string status, string? error, CancellationToken cancellationToken)
    {
        claim.Status = status;
        claim.Error = error;
        await _storage.Digests.UpsertEntityAsync(claim, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task MarkDeliveredAsync(string partition, List<MatchEntity> matches, string digestId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var actions = matches.Select(m => new TableTransactionAction(
            TableTransactionActionType.UpdateMerge,
            new TableEntity(partition, m.RowKey)
            {
                [nameof(MatchEntity.Delivered)] = true,
                [nameof(MatchEntity.DeliveredAt)] = now,
                [nameof(MatchEntity.DigestId)] = digestId,
            },
            ETag.All));
        foreach (var chunk in actions.Chunk(MaxBatch))
        {
            await _storage.Matches.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }
}
