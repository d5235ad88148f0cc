using NewsAlerts.Digests;

namespace NewsAlerts.Cli.Local;

/// <summary>What a digest run did.</summary>
/// <param name="Plan">What planning found: requests enqueued, periods planned before or claimed by another planner.</param>
/// <param name="Drain">What handling the queue did.</param>
internal sealed record DigestRun(DigestPlan Plan, DrainResult Drain)
{
    /// <summary>Digest requests enqueued.</summary>
    public int Planned => Plan.Enqueued;

    /// <summary>What the run came to, per subscriber.</summary>
    public DigestRunSummary Summary => DigestRunSummary.Of(Plan, Drain.Outcomes, Drain.Poisoned);
}

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
    /// <param name="planned">Told the number of digest requests enqueued so far.</param>
    /// <param name="handled">Told each digest handled.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<DigestRun> RunAsync(IProgress<int>? planned = null, IProgress<DigestResult>? handled = null, CancellationToken cancellationToken = default)
    {
        var plan = await _planner.PlanAsync(planned, cancellationToken);
        return new DigestRun(plan, await _queue.DrainAsync(handled, cancellationToken));
    }
}
