using System.Text.Json;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions.Watchlists;

/// <summary>Reads a watchlist request from an HTTP request body: bounded in size, JSON, one object.</summary>
internal static class WatchlistRequestBody
{
    /// <summary>Largest request body read: 500 terms of 200 characters fit with room to spare.</summary>
    public const int MaxBytes = 256 * 1024;

    private const string Shape = "the body must be a JSON object {\"email\", \"name\", \"terms\": [...] or \"query\", \"stem\", \"timeZone\", \"frequency\", \"at\", \"day\"}";

    /// <summary>The <see cref="WatchlistRequest"/> in <paramref name="body"/>, not yet validated.</summary>
    /// <exception cref="ValidationException">The body is too large, empty or not such an object (field <c>body</c>).</exception>
    public static async Task<WatchlistRequest> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int count;
        while ((count = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + count > MaxBytes)
            {
                throw new ValidationException("body", $"the request body is larger than {MaxBytes / 1024} KiB");
            }

            buffer.Write(chunk, 0, count);
        }

        if (buffer.Length == 0)
        {
            throw new ValidationException("body", Shape);
        }

        try
        {
            return JsonSerializer.Deserialize<WatchlistRequest>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), NewsAlertsJson.Options)
                ?? throw new ValidationException("body", Shape);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? $" (at {path})" : string.Empty;
            throw new ValidationException("body", $"{Shape}{where}");
        }
    }
}
