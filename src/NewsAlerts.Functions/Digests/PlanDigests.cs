using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NewsAlerts.Digests;

namespace NewsAlerts.Functions.Digests;

/// <summary>
/// On <c>NewsAlerts:DigestSchedule</c> (NCrontab, UTC: Flex Consumption has no time zones), enqueues one
/// digest request per subscriber; <see cref="SendDigest"/> sends them, scaled out over the queue.
/// </summary>
public sealed class PlanDigests
{
    private readonly DigestPlanner _planner;
    private readonly ILogger<PlanDigests> _logger;

    public PlanDigests(DigestPlanner planner, ILogger<PlanDigests> logger)
    {
        _planner = planner;
        _logger = logger;
    }

    [Function(nameof(PlanDigests))]
    public async Task RunAsync([TimerTrigger("%NewsAlerts:DigestSchedule%")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(context);
        if (timer.IsPastDue)
        {
            _logger.LogWarning("Digest planning is running late (the host was down at its scheduled time)");
        }

        await _planner.PlanAsync(cancellationToken: context.CancellationToken);
    }
}
