using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using NewsAlerts.Storage;

namespace NewsAlerts.Digests;

/// <summary>A digest message that was given up after too many failed tries.</summary>
/// <param name="MessageId">The message's id on the poison queue.</param>
/// <param name="Email">The subscriber, when the message is a digest request.</param>
/// <param name="DigestId">The digest, when the message is a digest request.</param>
/// <param name="InsertedOn">When it was put on the poison queue.</param>
/// <param name="DequeueCount">How often it was received from the poison queue (0 until someone requeues it).</param>
/// <param name="Text">The message text as it is.</param>
public sealed record PoisonMessage(string MessageId, string? Email, string? DigestId, DateTimeOffset? InsertedOn, long DequeueCount, string Text)
{
    /// <summary>Whether the text is a digest request that can be tried again.</summary>
    public bool IsDigestRequest => Email is not null;
}

/// <summary>The front of the poison queue.</summary>
/// <param name="Messages">Up to <see cref="PoisonedDigests.MaxListed"/> messages, oldest first.</param>
/// <param name="ApproximateCount">How many messages the queue holds, as the service estimates it.</param>
public sealed record PoisonListing(IReadOnlyList<PoisonMessage> Messages, int ApproximateCount);

/// <summary>What requeueing did.</summary>
/// <param name="Requeued">Digest requests moved back to the digest queue.</param>
/// <param name="Skipped">Messages that are not digest requests; they stay on the poison queue.</param>
public sealed record RequeueResult(int Requeued, IReadOnlyList<PoisonMessage> Skipped);

/// <summary>
/// The digest poison queue, <c>&lt;queue&gt;-poison</c>, where the Functions host (after <c>maxDequeueCount</c>
/// tries) and the local host put digest messages whose sending kept failing: lists them and moves them back.
/// </summary>
public sealed class PoisonedDigests
{
    /// <summary>Most messages listed: a queue shows at most 32 without receiving (and so hiding) them.</summary>
    public const int MaxListed = 32;

    // Long enough to move a batch; a skipped message becomes visible again after it.
    private static readonly TimeSpan ReceiveVisibility = TimeSpan.FromSeconds(30);

    private readonly NewsAlertsStorage _storage;
    private readonly ILogger<PoisonedDigests> _logger;

    /// <summary>Creates the queue over <paramref name="storage"/>.</summary>
    public PoisonedDigests(NewsAlertsStorage storage, ILogger<PoisonedDigests> logger)
    {
        _storage = storage;
        _logger = logger;
    }

    /// <summary>The poison queue's name.</summary>
    public string Name => _storage.DigestPoisonQueue.Name;

    /// <summary>The digest queue messages are moved back to.</summary>
    public string DigestQueueName => _storage.DigestQueue.Name;

    /// <summary>The messages at the front of the poison queue, read without changing them.</summary>
    public async Task<PoisonListing> ListAsync(CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);
        var properties = await _storage.DigestPoisonQueue.GetPropertiesAsync(cancellationToken);
        PeekedMessage[] peeked = (await _storage.DigestPoisonQueue.PeekMessagesAsync(MaxListed, cancellationToken)).Value;
        var messages = peeked.Select(m => Describe(m.MessageId, m.InsertedOn, m.DequeueCount, m.Body.ToString())).ToList();
        return new PoisonListing(messages, Math.Max(properties.Value.ApproximateMessagesCount, messages.Count));
    }

    /// <summary>
    /// Moves every digest request on the poison queue back to the digest queue for another try; a message that
    /// is not a digest request is left where it is. Sent before it is deleted, so a crash can only duplicate a
    /// message, and the sender's claim makes a duplicate harmless.
    /// </summary>
    public async Task<RequeueResult> RequeueAsync(CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);

        // Bounded by what was there at the start, so messages poisoned again meanwhile do not loop.
        var budget = Math.Max((await _storage.DigestPoisonQueue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount, MaxListed);
        var requeued = 0;
        var skipped = new List<PoisonMessage>();
        while (budget > 0)
        {
            QueueMessage[] batch = (await _storage.DigestPoisonQueue.ReceiveMessagesAsync(Math.Min(budget, MaxListed), ReceiveVisibility, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            budget -= batch.Length;
            foreach (var message in batch)
            {
                var text = message.Body.ToString();
                var poison = Describe(message.MessageId, message.InsertedOn, message.DequeueCount, text);
                if (!poison.IsDigestRequest)
                {
                    skipped.Add(poison);
                    continue;
                }

                await _storage.DigestQueue.SendMessageAsync(text, cancellationToken);
                await _storage.DigestPoisonQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                requeued++;
            }
        }

        _logger.LogInformation(
            "Moved {Requeued} digest messages from {PoisonQueue} back to {DigestQueue}; {Skipped} are not digest requests and stay",
            requeued, Name, DigestQueueName, skipped.Count);
        return new RequeueResult(requeued, skipped);
    }

    private static PoisonMessage Describe(string id, DateTimeOffset? insertedOn, long dequeueCount, string text)
    {
        try
        {
            var request = DigestRequest.Parse(text);
            return new PoisonMessage(id, request.Email, request.DigestId, insertedOn, dequeueCount, text);
        }
        catch (FormatException)
        {
            return new PoisonMessage(id, null, null, insertedOn, dequeueCount, text);
        }
    }
}
