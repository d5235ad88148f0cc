namespace NewsAlerts.Digests;

/// <summary>
/// What a digest run came to, one count per subscriber it dealt with: what its operator needs to know whether
/// anything went wrong, and not only what was sent.
/// </summary>
/// <param name="Sent">Digests sent.</param>
/// <param name="Failed">Digests whose every try failed (the mail server down, a timeout): given up on for now; their
/// matches stay undelivered and go with the next digest, or when the message is requeued from the poison queue.</param>
/// <param name="Refused">Digests the mail server refused for good (5xx); their matches stay undelivered.</param>
/// <param name="AlreadySent">Subscribers whose digest due now was planned or sent already (an earlier run in the same
/// period) or was claimed by another planner or sender at the same moment.</param>
/// <param name="NothingNew">Subscribers due with no undelivered match: no digest.</param>
public sealed record DigestRunSummary(int Sent, int Failed, int Refused, int AlreadySent, int NothingNew)
{
    /// <summary>Every subscriber the run dealt with.</summary>
    public int Subscribers => Sent + Failed + Refused + AlreadySent + NothingNew;

    /// <summary>Counts what a planner run found and what sending its requests came to.</summary>
    /// <param name="plan">The planner's run.</param>
    /// <param name="outcomes">Digests handled, by outcome.</param>
    /// <param name="failed">Digest requests given up on after their last try.</param>
    public static DigestRunSummary Of(DigestPlan plan, IReadOnlyDictionary<DigestOutcome, int> outcomes, int failed)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outcomes);
        return new DigestRunSummary(
            outcomes.GetValueOrDefault(DigestOutcome.Sent),
            failed,
            outcomes.GetValueOrDefault(DigestOutcome.Refused),
            plan.AlreadyPlanned + plan.ClaimedElsewhere + outcomes.GetValueOrDefault(DigestOutcome.AlreadyClaimed),
            outcomes.GetValueOrDefault(DigestOutcome.NothingNew));
    }
}
