using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NCrontab;
using NewsAlerts.Digests;

namespace NewsAlerts.Cli.Local;

/// <summary>
/// Everything the Functions app does, on one machine: processes each new or changed blob once
/// (<see cref="ArticleScanner"/>, for the blob trigger), plans digests on the NCrontab schedule
/// (<see cref="DigestPlanner"/>, for the timer) and drains the digest queue
/// (<see cref="DigestQueueProcessor"/>, for the queue trigger; a digest that fails is tried again in a later
/// round). One failing round is logged and the next round runs: like the Functions host, it does not stop for
/// one bad invocation.
/// </summary>
internal sealed class LocalHost
{
    private readonly ArticleScanner _scanner;
    private readonly DigestPlanner _planner;
    private readonly DigestQueueProcessor _queue;
    private readonly NewsAlertsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LocalHost> _logger;

    /// <summary>Creates the host.</summary>
    public LocalHost(ArticleScanner scanner, DigestPlanner planner, DigestQueueProcessor queue, IOptions<NewsAlertsOptions> options, TimeProvider time, ILogger<LocalHost> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _scanner = scanner;
        _planner = planner;
        _queue = queue;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>When the next digest run after <paramref name="now"/> is due, by <see cref="NewsAlertsOptions.DigestSchedule"/> (UTC).</summary>
    public DateTimeOffset NextDigestAfter(DateTimeOffset now)
    {
        var schedule = CrontabSchedule.Parse(_options.DigestSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return new DateTimeOffset(DateTime.SpecifyKind(schedule.GetNextOccurrence(now.UtcDateTime), DateTimeKind.Utc));
    }

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> is cancelled, looking for new blobs every <paramref name="pollInterval"/>.
    /// While storage cannot be reached every round fails and is tried again; the first such round is logged as a
    /// warning and the round that reaches storage again says so.
    /// </summary>
    public async Task RunAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var nextDigest = NextDigestAfter(_time.GetUtcNow());
        _logger.LogInformation("Next digest run at {NextDigest:u}", nextDigest);
        var unreachableRounds = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await _scanner.ProcessPendingAsync(cancellationToken: cancellationToken);
                var now = _time.GetUtcNow();
                if (now >= nextDigest)
                {
                    await _planner.PlanAsync(cancellationToken: cancellationToken);
                    nextDigest = NextDigestAfter(now);
                    _logger.LogInformation("Next digest run at {NextDigest:u}", nextDigest);
                }

                await _queue.HandleVisibleAsync(cancellationToken);
                if (unreachableRounds > 0)
                {
                    _logger.LogInformation("Storage reachable again after {FailedRounds} failed rounds", unreachableRounds);
                    unreachableRounds = 0;
                }
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested)
            {
                // Whatever failed while stopping was cut off by the stop; receipts leave its article for the next run.
                throw new OperationCanceledException("The local host was stopped during a round.", ex, cancellationToken);
            }
            catch (Exception ex) when (StorageOutage.Is(ex))
            {
                if (unreachableRounds++ == 0)
                {
                    _logger.LogWarning("Storage is unreachable ({Reason}); trying again every {PollInterval} until it is back", ex.Message.Split('\n', 2)[0].Trim(), pollInterval);
                }
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "This round failed; trying again in {PollInterval}", pollInterval);
            }

            await Task.Delay(pollInterval, _time, cancellationToken);
        }
    }
}
