using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsAlerts.Digests;
using NewsAlerts.Storage;

namespace NewsAlerts.Cli.Local;

/// <summary>
/// What draining the digest queue did, counted rather than listed, so a run's memory does not grow with its subscribers:
/// a caller that shows results keeps the ones it shows as they are reported (<see cref="KeptDigestResults"/>).
/// </summary>
/// <param name="Outcomes">Digests handled, by outcome.</param>
/// <param name="Failures">The first <see cref="DigestQueueProcessor.MaxFailuresKept"/> tries whose send threw; the message was tried again or, at the limit, poisoned.</param>
/// <param name="FailedTries">Every try whose send threw.</param>
/// <param name="Poisoned">Messages moved to the poison queue: unreadable, or failed on every try.</param>
internal sealed record DrainResult(IReadOnlyDictionary<DigestOutcome, int> Outcomes, IReadOnlyList<string> Failures, int FailedTries, int Poisoned)
{
    /// <summary>Digests sent.</summary>
    public int Sent => Outcomes.GetValueOrDefault(DigestOutcome.Sent);
}

/// <summary>
/// The local host's stand-in for the Functions queue trigger, with the Functions host's retry rule: receives
/// digest messages, hands each to <see cref="DigestSender"/> and deletes it when handled. A message whose send
/// throws is released for <see cref="RetryDelay"/> and tried again; the try that reaches
/// <see cref="NewsAlertsOptions.MaxDequeueCount"/> moves it to <c>&lt;queue&gt;-poison</c>, and so does receiving
/// a message dequeued more often than that already (by a process that stopped before it could decide).
/// </summary>
internal sealed class DigestQueueProcessor
{
    /// <summary>Failed tries a drain describes; past them it counts (the log has each).</summary>
    public const int MaxFailuresKept = 100;

    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(5);

    // While a released message is due but not yet received, look again this often; one due this long and still
    // not received was taken by another consumer (or deleted), so it is no longer this drain's to wait for.
    private static readonly TimeSpan DuePoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan DueGrace = TimeSpan.FromSeconds(5);

    private readonly NewsAlertsStorage _storage;
    private readonly DigestSender _sender;
    private readonly NewsAlertsOptions _options;
    private readonly ILogger<DigestQueueProcessor> _logger;

    /// <summary>Creates the processor.</summary>
    public DigestQueueProcessor(NewsAlertsStorage storage, DigestSender sender, IOptions<NewsAlertsOptions> options, ILogger<DigestQueueProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _sender = sender;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// How long a message whose send threw stays invisible before its next try: <c>host.json</c>'s
    /// <c>visibilityTimeout</c>, so a mail server that is briefly down has time to recover.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Handles every message until the queue has none, waiting out the retry delay of each that failed, so that
    /// every message received ends handled or poisoned: a digest run that returns has tried all it could.
    /// </summary>
    /// <param name="handled">Told each digest handled, as it is, on the drain's own thread: what the caller keeps of the results.</param>
    /// <param name="cancellationToken">Cancels the drain.</param>
    public Task<DrainResult> DrainAsync(IProgress<DigestResult>? handled = null, CancellationToken cancellationToken = default) =>
        DrainAsync(waitForRetries: true, handled, cancellationToken);

    /// <summary>
    /// Handles the messages visible now; one that fails becomes visible again after <see cref="RetryDelay"/>, for
    /// a later call. The local host calls this every round, so a failing digest never holds up articles.
    /// </summary>
    public Task<DrainResult> HandleVisibleAsync(CancellationToken cancellationToken = default) => DrainAsync(waitForRetries: false, handled: null, cancellationToken);

    private async Task<DrainResult> DrainAsync(bool waitForRetries, IProgress<DigestResult>? handled, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);
        var outcomes = new Dictionary<DigestOutcome, int>();
        var failures = new List<string>();
        int failedTries = 0, poisoned = 0;

        // Messages this drain released after a failed try, by id, with when they are visible again.
        var released = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (true)
        {
            QueueMessage[] messages = (await _storage.DigestQueue.ReceiveMessagesAsync(32, VisibilityTimeout, cancellationToken)).Value;
            if (messages.Length == 0)
            {
                if (waitForRetries && await WaitForReleasedAsync(released, cancellationToken))
                {
                    continue;
                }

                break;
            }

            // The messages received together are handled at once, as the Functions host does with a batch; those of
            // one subscriber in turn, so two digests of theirs never gather the same matches.
            var handlings = await Task.WhenAll(messages.GroupBy(Subscriber).Select(async group =>
            {
                var handledInTurn = new List<Handling>();
                foreach (var message in group)
                {
                    var handling = await HandleAsync(message, cancellationToken);
                    if (handling.Result is { } result)
                    {
                        handled?.Report(result);
                    }

                    handledInTurn.Add(handling);
                }

                return handledInTurn;
            }));
            foreach (var outcome in handlings.SelectMany(h => h))
            {
                released.Remove(outcome.Message.MessageId);
                if (outcome.Result is { } result)
                {
                    outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
                }

                if (outcome.Failure is { } failure)
                {
                    failedTries++;
                    if (failures.Count < MaxFailuresKept)
                    {
                        failures.Add(failure);
                    }
                }

                if (outcome.Poisoned)
                {
                    poisoned++;
                }
                else if (outcome.Failure is not null)
                {
                    released[outcome.Message.MessageId] = DateTimeOffset.UtcNow + RetryDelay;
                }
            }
        }

        return new DrainResult(outcomes, failures, failedTries, poisoned);
    }

    // An unreadable message is a group of its own (message ids hold no '@'), poisoned when handled.
    private static string Subscriber(QueueMessage message)
    {
        try
        {
            return Storage.TableKeys.Subscriber(DigestRequest.Parse(message.MessageText).Email);
        }
        catch (FormatException)
        {
            return message.MessageId;
        }
    }

    private async Task<Handling> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            await PoisonAsync(message, cancellationToken);
            return new Handling(message, Poisoned: true);
        }

        try
        {
            var result = await _sender.SendAsync(DigestRequest.Parse(message.MessageText), cancellationToken);
            await _storage.DigestQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            return new Handling(message, result);
        }
        catch (FormatException ex)
        {
            // A message nobody can read is poison at once; retrying it cannot help.
            _logger.LogError(ex, "Digest message {MessageId} is not a digest request", message.MessageId);
            await PoisonAsync(message, cancellationToken);
            return new Handling(message, Failure: $"message {message.MessageId}: {ex.Message}", Poisoned: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failure = $"message {message.MessageId} (try {message.DequeueCount} of {_options.MaxDequeueCount}): {ex.Message}";
            if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                _logger.LogError(ex, "Digest message {MessageId} failed on its last try, {DequeueCount} of {MaxDequeueCount}", message.MessageId, message.DequeueCount, _options.MaxDequeueCount);
                await PoisonAsync(message, cancellationToken);
                return new Handling(message, Failure: failure, Poisoned: true);
            }

            _logger.LogError(ex, "Digest message {MessageId} failed on try {DequeueCount} of {MaxDequeueCount}; trying again in {RetryDelay}", message.MessageId, message.DequeueCount, _options.MaxDequeueCount, RetryDelay);
            await _storage.DigestQueue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: RetryDelay, cancellationToken: cancellationToken);
            return new Handling(message, Failure: failure);
        }
    }

    /// <summary>Waits until the next released message should be visible; false when none is left to wait for.</summary>
    /// <remarks>Real time, not the app's <see cref="TimeProvider"/>: visibility runs on the storage service's clock.</remarks>
    private static async Task<bool> WaitForReleasedAsync(Dictionary<string, DateTimeOffset> released, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, _) in released.Where(r => r.Value + DueGrace < now).ToList())
        {
            released.Remove(id);
        }

        if (released.Count == 0)
        {
            return false;
        }

        var untilNext = released.Values.Min() - now;
        await Task.Delay(untilNext > DuePoll ? untilNext : DuePoll, cancellationToken);
        return true;
    }

    private async Task PoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await _storage.DigestPoisonQueue.SendMessageAsync(message.MessageText, cancellationToken);
        await _storage.DigestQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        _logger.LogWarning("Moved digest message {MessageId} to {PoisonQueue} after {DequeueCount} tries", message.MessageId, _storage.DigestPoisonQueue.Name, message.DequeueCount);
    }

    /// <summary>What handling one message came to: the digest's result, or the failed try, and whether it was poisoned.</summary>
    private sealed record Handling(QueueMessage Message, DigestResult? Result = null, string? Failure = null, bool Poisoned = false);
}
