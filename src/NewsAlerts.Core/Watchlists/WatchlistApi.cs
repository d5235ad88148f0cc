using System.Text.Json;
using NewsAlerts.Storage;

namespace NewsAlerts.Watchlists;

/// <summary>A watchlist as the API and <c>newsalerts watchlist list --json</c> show it.</summary>
/// <param name="Email">The owner.</param>
/// <param name="Name">The watchlist's name.</param>
/// <param name="Terms">Its terms.</param>
/// <param name="TimeZone">The owner's time zone.</param>
/// <param name="Query">Its query, when it has one instead of terms.</param>
/// <param name="Stem">Whether English inflections match too.</param>
/// <param name="Frequency">The owner's digest frequency.</param>
/// <param name="At">The local time of daily and weekly digests.</param>
/// <param name="Day">The day of weekly digests.</param>
public sealed record WatchlistView(string Email, string Name, IReadOnlyList<string> Terms, string TimeZone, string? Query, bool Stem, string Frequency, string At, string Day);

/// <summary>
/// The watchlists HTTP API without HTTP: reads the request body, validates, calls <see cref="WatchlistService"/>
/// and answers an <see cref="ApiResult"/>. Every refusal names the field at fault.
/// </summary>
public sealed class WatchlistApi
{
    /// <summary>Largest request body read: 500 terms of 200 characters fit with room to spare.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    private readonly WatchlistService _watchlists;

    /// <summary>Creates the API over <paramref name="watchlists"/>.</summary>
    public WatchlistApi(WatchlistService watchlists) => _watchlists = watchlists;

    /// <summary>Creates (201) or replaces (200) a watchlist from a JSON <see cref="WatchlistRequest"/> body.</summary>
    public async Task<ApiResult> CreateAsync(Stream body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var read = await ReadAsync(body, cancellationToken);
        if (read.Request is not { } request)
        {
            return read.Problem!;
        }

        try
        {
            // Validated first, so the existence check below never reads storage for a bad request.
            var watchlist = WatchlistRules.Validate(request).Watchlist;
            var existed = (await _watchlists.ListAsync(watchlist.Email, cancellationToken))
                .SelectMany(s => s.Watchlists)
                .Any(w => TableKeys.Watchlist(w.Name) == TableKeys.Watchlist(watchlist.Name));
            var saved = await _watchlists.AddAsync(request, cancellationToken);
            var view = Views(saved).First(v => TableKeys.Watchlist(v.Name) == TableKeys.Watchlist(watchlist.Name));
            return new ApiResult(existed ? ApiOutcome.Ok : ApiOutcome.Created, view);
        }
        catch (ValidationException ex)
        {
            return ApiResult.Invalid(ex.Errors);
        }
    }

    /// <summary>The watchlists of the subscriber <paramref name="email"/> (an empty list for an unknown subscriber).</summary>
    public async Task<ApiResult> ListAsync(string? email, CancellationToken cancellationToken = default)
    {
        try
        {
            var address = WatchlistRules.ValidateEmail(email);
            var subscribers = await _watchlists.ListAsync(address, cancellationToken);
            return new ApiResult(ApiOutcome.Ok, subscribers.SelectMany(Views).ToList());
        }
        catch (ValidationException ex)
        {
            return ApiResult.Invalid(ex.Errors);
        }
    }

    /// <summary>Deletes the watchlist <paramref name="name"/> of <paramref name="email"/>: 204, or 404 when there is none.</summary>
    public async Task<ApiResult> DeleteAsync(string? email, string? name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _watchlists.RemoveAsync(email, name, cancellationToken)
                ? new ApiResult(ApiOutcome.NoContent)
                : new ApiResult(ApiOutcome.NotFound, Detail: $"{email} has no watchlist named \"{name}\".");
        }
        catch (ValidationException ex)
        {
            return ApiResult.Invalid(ex.Errors);
        }
    }

    private static IEnumerable<WatchlistView> Views(SubscriberWatchlists subscriber)
    {
        var s = subscriber.Subscriber;
        return subscriber.Watchlists.Select(w => new WatchlistView(
            s.Email, w.Name, w.Terms, s.TimeZone, w.Query, w.Stem,
            s.Frequency.ToString().ToLowerInvariant(), s.At.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), s.Day.ToString().ToLowerInvariant()));
    }

    private static async Task<(WatchlistRequest? Request, ApiResult? Problem)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int count;
        while ((count = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + count > MaxBodyBytes)
            {
                return (null, ApiResult.Invalid("body", $"the request body is larger than {MaxBodyBytes / 1024} KiB"));
            }

            buffer.Write(chunk, 0, count);
        }

        const string Shape = "the body must be a JSON object {\"email\", \"name\", \"terms\": [...] or \"query\", \"stem\", \"timeZone\", \"frequency\", \"at\", \"day\"}";
        if (buffer.Length == 0)
        {
            return (null, ApiResult.Invalid("body", Shape));
        }

        try
        {
            var request = JsonSerializer.Deserialize<WatchlistRequest>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), NewsAlertsJson.Options);
            return request is null ? (null, ApiResult.Invalid("body", Shape)) : (request, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? $" (at {path})" : string.Empty;
            return (null, ApiResult.Invalid("body", $"{Shape}{where}"));
        }
    }
}
