using NewsAlerts.Digests;

namespace NewsAlerts.Cli.Local;

/// <summary>What a digest run did.</summary>
/// <param name="Planned">Digest requests enqueued.</param>
/// <param name="Drain">What handling the queue did.</param>
internal sealed record DigestRun(int Planned, DrainResult Drain);

/// <summary>
/// Runs every due digest now, on one machine, through the same path as the Functions app: plan onto
/// the queue (<see cref="DigestPlanner"/>), then drain it (<see cref="DigestQueueProcessor"/>).
/// </summary>
internal sealed class DigestRunner
{
    private readonly DigestPlanner _planner;
    private readonly DigestQueueProcessor _queue;

    /// <summary>Creates the runner.</summary>
    public DigestRunner(DigestPlanner planner, DigestQueueProcessor queue)
    {
        _planner = planner;
        _queue = queue;
    }

    /// <summary>Plans and sends every due digest.</summary>
    public async Task<DigestRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var planned = await _planner.PlanAsync(cancellationToken);
        return new DigestRun(planned, await _queue.DrainAsync(cancellationToken));
    }
}
