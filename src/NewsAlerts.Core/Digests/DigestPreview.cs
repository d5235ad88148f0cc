using MimeKit;
using NewsAlerts.Storage;
using NewsAlerts.Stories;

namespace NewsAlerts.Digests;

/// <summary>What a subscriber's digest would be now.</summary>
/// <param name="Email">The subscriber.</param>
/// <param name="DigestId">The period it would be sent as.</param>
/// <param name="MatchCount">Undelivered matches it would carry.</param>
/// <param name="Stories">Its stories, most relevant first.</param>
/// <param name="Message">The email; null when there is nothing new.</param>
public sealed record DigestDraft(string Email, string DigestId, int MatchCount, IReadOnlyList<DigestStory> Stories, MimeMessage? Message);

/// <summary>Composes a subscriber's digest as it would go now, without claiming, sending or marking anything.</summary>
public sealed class DigestPreview
{
    private readonly SubscriberStore _subscribers;
    private readonly MatchStore _matches;
    private readonly DigestComposer _composer;
    private readonly StoryAssigner _stories;
    private readonly TimeProvider _time;

    /// <summary>Creates the preview.</summary>
    public DigestPreview(SubscriberStore subscribers, MatchStore matches, DigestComposer composer, StoryAssigner stories, TimeProvider time)
    {
        _subscribers = subscribers;
        _matches = matches;
        _composer = composer;
        _stories = stories;
        _time = time;
    }

    /// <summary>The digest <paramref name="email"/> would get now; null when there is no such subscriber.</summary>
    public async Task<DigestDraft?> ComposeAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        if (await _subscribers.FindAsync(email, cancellationToken) is not { } subscriber)
        {
            return null;
        }

        var address = subscriber.Subscriber.Email;
        var digestId = subscriber.Subscriber.Schedule.PeriodAt(_time.GetUtcNow());
        var pending = await _matches.PendingAsync(address, cancellationToken);
        var stories = await DigestStory.GroupAsync(pending.Select(match => match.Item), _stories, cancellationToken);
        var message = stories.Count == 0 ? null : await _composer.ComposeAsync(address, digestId, stories, cancellationToken);
        return new DigestDraft(address, digestId, pending.Count, stories, message);
    }
}
