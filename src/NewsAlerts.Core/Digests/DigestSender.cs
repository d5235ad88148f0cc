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

    private readonly MatchStore _matches;
    private readonly DigestStore _digests;
    private readonly DigestComposer _composer;
    private readonly StoryAssigner _stories;
    private readonly IEmailSender _email;
    private readonly DigestTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestSender> _logger;

    /// <summary>Creates the sender.</summary>
    public DigestSender(MatchStore matches, DigestStore digests, DigestComposer composer, StoryAssigner stories, IEmailSender email, DigestTelemetry telemetry, TimeProvider time, ILogger<DigestSender> logger)
    {
        _matches = matches;
        _digests = digests;
        _composer = composer;
        _stories = stories;
        _email = email;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
    }

    /// <summary>Sends the digest <paramref name="request"/> asks for, in a <c>send digest</c> span, and counts the outcome.</summary>
    public async Task<DigestResult> SendAsync(DigestRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var span = DigestTelemetry.StartSend(request.DigestId);
        try
        {
            var result = await SendOnceAsync(request, cancellationToken);
            _telemetry.RecordOutcome(result);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _telemetry.RecordFailure(ex);
            throw;
        }
    }

    private async Task<DigestResult> SendOnceAsync(DigestRequest request, CancellationToken cancellationToken)
    {
        var pending = await _matches.PendingAsync(request.Email, cancellationToken);
        if (pending.Count == 0)
        {
            return new DigestResult(request.Email, request.DigestId, DigestOutcome.NothingNew);
        }

        var claim = await _digests.ClaimAsync(request.Email, request.DigestId, _time.GetUtcNow(), StaleClaim, cancellationToken);
        if (claim is null)
        {
            _logger.AlreadyClaimed(request.DigestId, request.Email);
            return new DigestResult(request.Email, request.DigestId, DigestOutcome.AlreadyClaimed);
        }

        var stories = await DigestStory.GroupAsync(pending.Select(match => match.Item), _stories, cancellationToken);
        var message = await _composer.ComposeAsync(request.Email, request.DigestId, stories, cancellationToken);
        var composed = claim.Record with { Subject = message.Subject, MessageId = message.MessageId, MatchCount = pending.Count, StoryCount = stories.Count };

        string location;
        try
        {
            location = await _email.SendAsync(message, cancellationToken);
        }
        catch (EmailRefusedException ex)
        {
            if (!await _digests.FinishAsync(claim, composed with { Status = DigestStatus.Refused, Error = ex.Message }, cancellationToken))
            {
                return TakenOver(request, DigestStatus.Refused);
            }

            _logger.Refused(request.DigestId, request.Email, EmailAddressRedaction.Masked(ex.Message));
            return new DigestResult(request.Email, request.DigestId, DigestOutcome.Refused, pending.Count, stories.Count, Detail: ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Recorded for operators, then rethrown: the queue's retry and poison handling decide what next. When
            // another sender owns the claim now, the outcome is theirs and a retry of this message has nothing to do.
            if (!await _digests.FinishAsync(claim, composed with { Status = DigestStatus.Failed, Error = ex.Message }, CancellationToken.None))
            {
                return TakenOver(request, DigestStatus.Failed);
            }

            throw;
        }

        // Sent: recorded even when a stop was asked for meanwhile, or the next run would send these matches again.
        await _matches.MarkDeliveredAsync(request.Email, pending, request.DigestId, _time.GetUtcNow(), CancellationToken.None);
        var sent = composed with { Status = DigestStatus.Sent, Location = location, SentAt = _time.GetUtcNow() };
        if (!await _digests.FinishAsync(claim, sent, CancellationToken.None))
        {
            return TakenOver(request, DigestStatus.Sent);
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
    private DigestResult TakenOver(DigestRequest request, DigestStatus result)
    {
        _logger.TakenOver(request.DigestId, request.Email, result.ToString().ToLowerInvariant());
        return new DigestResult(request.Email, request.DigestId, DigestOutcome.AlreadyClaimed, Detail: "taken over by another sender");
    }
}
