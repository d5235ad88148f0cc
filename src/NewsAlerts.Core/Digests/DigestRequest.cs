using System.Text.Json;

namespace NewsAlerts.Digests;

/// <summary>The queue message asking for one subscriber's digest: the work item of <see cref="DigestSender"/>.</summary>
/// <param name="Email">The subscriber.</param>
/// <param name="DigestId">The digest's id (the planned period, <c>yyyyMMddTHHmmZ</c>): one digest per id per subscriber.</param>
public sealed record DigestRequest(string Email, string DigestId)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The message text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a message text.</summary>
    /// <exception cref="FormatException">The text is not a digest request.</exception>
    public static DigestRequest Parse(string json)
    {
        try
        {
            var request = JsonSerializer.Deserialize<DigestRequest>(json, JsonOptions);
            if (request is { Email.Length: > 0, DigestId.Length: > 0 })
            {
                return request;
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a digest request: {ex.Message}", ex);
        }

        throw new FormatException("not a digest request: \"email\" and \"digestId\" are required");
    }
}
