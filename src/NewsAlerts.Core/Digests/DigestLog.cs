using Microsoft.Extensions.Logging;
using NewsAlerts.Logging;

namespace NewsAlerts.Digests;

/// <summary>The digest log lines that name a subscriber: the address is logged as a keyed hash (see <see cref="EmailAddressRedaction"/>).</summary>
internal static partial class DigestLog
{
    [LoggerMessage(LogLevel.Information, "Digest {DigestId} for {Email} is already claimed")]
    public static partial void AlreadyClaimed(this ILogger logger, string digestId, [EmailAddressData] string email);

    [LoggerMessage(LogLevel.Warning, "Digest {DigestId} for {Email} refused: {Reason}")]
    public static partial void Refused(this ILogger logger, string digestId, [EmailAddressData] string email, string reason);

    [LoggerMessage(LogLevel.Information, "Sent digest {DigestId} to {Email}: {StoryCount} stories from {MatchCount} matches, to {Location}")]
    public static partial void Sent(this ILogger logger, string digestId, [EmailAddressData] string email, int storyCount, int matchCount, string location);

    [LoggerMessage(LogLevel.Warning, "Digest {DigestId} for {Email} was taken over by another sender while this one was sending; this sender's result ({Result}) is not recorded")]
    public static partial void TakenOver(this ILogger logger, string digestId, [EmailAddressData] string email, string result);

    [LoggerMessage(LogLevel.Information, "Digest period {Period} of {Email} not claimed: the subscriber changed since it was read (another planner, or an edit)")]
    public static partial void PeriodNotClaimed(this ILogger logger, string period, [EmailAddressData] string email);

    [LoggerMessage(LogLevel.Information, "Unsubscribed {Email} (had a subscription: {Existed})")]
    public static partial void Unsubscribed(this ILogger logger, [EmailAddressData] string? email, bool existed);
}
