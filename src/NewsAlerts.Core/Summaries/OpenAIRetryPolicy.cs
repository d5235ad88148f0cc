using System.ClientModel.Primitives;

namespace NewsAlerts.Summaries;

/// <summary>
/// The model client's retry policy: System.ClientModel's (429, 5xx, network errors and timed-out
/// attempts are retried, and a <c>Retry-After</c> longer than the backoff is honoured) with jitter
/// added, so instances throttled together do not come back together.
/// </summary>
internal sealed class OpenAIRetryPolicy : ClientRetryPolicy
{
    private readonly TimeSpan _firstDelay;

    public OpenAIRetryPolicy(int maxRetries, TimeSpan firstDelay)
        : base(maxRetries)
    {
        _firstDelay = firstDelay;
    }

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        var backoff = _firstDelay * Math.Pow(2, Math.Max(tryCount - 1, 0)) * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return RetryAfter(message.Response) is { } retryAfter && retryAfter > backoff ? retryAfter : backoff;
    }

    /// <summary>How long the service asked to wait: <c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as a date.</summary>
    internal static TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if ((response.Headers.TryGetValue("retry-after-ms", out var ms) || response.Headers.TryGetValue("x-ms-retry-after-ms", out ms))
            && double.TryParse(ms, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || value is null)
        {
            return null;
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at - DateTimeOffset.UtcNow
            : null;
    }
}
