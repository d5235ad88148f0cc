using System.Globalization;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using NewsAlerts.Storage;

namespace NewsAlerts.Digests;

/// <summary>
/// Decides whose digest is due and enqueues one <see cref="DigestRequest"/> per subscriber, so the
/// sending fans out over queue-triggered workers and the timer never runs long.
/// </summary>
public sealed class DigestPlanner
{
    private readonly NewsAlertsStorage _storage;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestPlanner> _logger;

    /// <summary>Creates the planner.</summary>
    public DigestPlanner(NewsAlertsStorage storage, TimeProvider time, ILogger<DigestPlanner> logger)
    {
        _storage = storage;
        _time = time;
        _logger = logger;
    }

    /// <summary>The digest id of the period that contains <paramref name="now"/>.</summary>
    public static string DigestIdAt(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);

    /// <summary>Enqueues a digest request for every subscriber due now; returns how many were enqueued.</summary>
    public async Task<int> PlanAsync(CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);
        var digestId = DigestIdAt(_time.GetUtcNow());
        var requests = new List<DigestRequest>();
        await foreach (var subscriber in _storage.Subscribers.QueryAsync<SubscriberEntity>(select: [nameof(SubscriberEntity.Email)], cancellationToken: cancellationToken))
        {
            requests.Add(new DigestRequest(subscriber.Email, digestId));
        }

        await Parallel.ForEachAsync(
            requests,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (request, token) => await _storage.DigestQueue.SendMessageAsync(request.ToJson(), token));

        _logger.LogInformation("Planned digest {DigestId} for {SubscriberCount} subscribers", digestId, requests.Count);
        return requests.Count;
    }
}
