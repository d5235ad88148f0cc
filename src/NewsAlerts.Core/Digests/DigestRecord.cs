namespace NewsAlerts.Digests;

/// <summary>Where one digest stands.</summary>
public enum DigestStatus
{
    /// <summary>Claimed by a sender, which is sending it (or stopped while it was).</summary>
    Sending,

    /// <summary>Sent, and its matches marked delivered.</summary>
    Sent,

    /// <summary>Sending failed; the queue tries again.</summary>
    Failed,

    /// <summary>The mail server refused the recipient, the sender or the message for good.</summary>
    Refused,
}

/// <summary>The record of one digest of one subscriber: its claim, then its outcome.</summary>
/// <param name="Email">The subscriber.</param>
/// <param name="DigestId">The digest id (the period it covers).</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ClaimedAt">When a sender claimed it.</param>
public sealed record DigestRecord(string Email, string DigestId, DigestStatus Status, DateTimeOffset ClaimedAt)
{
    /// <summary>Matches it carries.</summary>
    public int MatchCount { get; init; }

    /// <summary>Stories it carries.</summary>
    public int StoryCount { get; init; }

    /// <summary>The message's subject.</summary>
    public string? Subject { get; init; }

    /// <summary>The message's Message-Id: the same for every attempt, so a rare duplicate is recognizable as one.</summary>
    public string? MessageId { get; init; }

    /// <summary>Where the message went: an <c>.eml</c> path or <c>smtp://host</c>.</summary>
    public string? Location { get; init; }

    /// <summary>Why it failed or was refused.</summary>
    public string? Error { get; init; }

    /// <summary>When it was sent.</summary>
    public DateTimeOffset? SentAt { get; init; }
}
