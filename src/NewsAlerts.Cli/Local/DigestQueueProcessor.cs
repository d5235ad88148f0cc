using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsAlerts.Digests;
using NewsAlerts.Storage;

namespace NewsAlerts.Cli.Local;

/// <summary>What draining the digest queue did.</summary>
/// <param name="Results">One result per digest handled.</param>
/// <param name="Failures">Messages whose send threw; they stay on the queue for a later try.</param>
/// <param name="Poisoned">Messages moved to the poison queue after too many tries.</param>
internal sealed record DrainResult(IReadOnlyList<DigestResult> Results, IReadOnlyList<string> Failures, int Poisoned)
{
    /// <summary>Digests sent.</summary>
    public int Sent => Results.Count(r => r.Outcome == DigestOutcome.Sent);
}

/// <summary>
/// The local host's stand-in for the Functions queue trigger: receives digest messages, hands each to
/// <see cref="DigestSender"/>, deletes it when handled, and after <see cref="NewsAlertsOptions.MaxDequeueCount"/>
/// tries moves it to <c>&lt;queue&gt;-poison</c> exactly as the Functions host does.
/// </summary>
internal sealed class DigestQueueProcessor
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(5);

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
    /// How long a message whose send threw stays invisible before its next try. The Functions host
    /// retries at once by default; a pause lets a mail server that is briefly down recover.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Handles every visible message until the queue has none.</summary>
    public async Task<DrainResult> DrainAsync(CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);
        var results = new List<DigestResult>();
        var failures = new List<string>();
        var poisoned = 0;
        while (true)
        {
            QueueMessage[] messages = (await _storage.DigestQueue.ReceiveMessagesAsync(32, VisibilityTimeout, cancellationToken)).Value;
            if (messages.Length == 0)
            {
                break;
            }

            foreach (var message in messages)
            {
                if (message.DequeueCount > _options.MaxDequeueCount)
                {
                    await PoisonAsync(message, cancellationToken);
                    poisoned++;
                    continue;
                }

                try
                {
                    results.Add(await _sender.SendAsync(DigestRequest.Parse(message.MessageText), cancellationToken));
                    await _storage.DigestQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
                catch (FormatException ex)
                {
                    // A message nobody can read is poison at once; retrying it cannot help.
                    _logger.LogError(ex, "Digest message {MessageId} is not a digest request", message.MessageId);
                    failures.Add($"message {message.MessageId}: {ex.Message}");
                    await PoisonAsync(message, cancellationToken);
                    poisoned++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogError(ex, "Digest message {MessageId} failed on try {DequeueCount}", message.MessageId, message.DequeueCount);
                    failures.Add($"message {message.MessageId} (try {message.DequeueCount} of {_options.MaxDequeueCount}): {ex.Message}");
                    await _storage.DigestQueue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: RetryDelay, cancellationToken: cancellationToken);
                }
            }
        }

        return new DrainResult(results, failures, poisoned);
    }

    private async Task PoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await _storage.DigestPoisonQueue.SendMessageAsync(message.MessageText, cancellationToken);
        await _storage.DigestQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        _logger.LogWarning("Moved digest message {MessageId} to {PoisonQueue} after {DequeueCount} tries", message.MessageId, _storage.DigestPoisonQueue.Name, message.DequeueCount);
    }
}
