namespace NewsAlerts.Digests;

/// <summary>Settings of the <c>Digests</c> configuration section (environment: <c>Digests__Key</c>).</summary>
/// <remarks>
/// Every setting is optional: without <see cref="UnsubscribeSigningKey"/> the CLI and the digests run as
/// before, and only the unsubscribe endpoint refuses, saying why.
/// </remarks>
public sealed class DigestsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Digests";

    /// <summary>The shortest signing key accepted, in characters.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The secret that signs unsubscribe links (HMAC-SHA256 over its UTF-8 bytes): at least
    /// <see cref="MinimumKeyLength"/> characters, for example from <c>openssl rand -base64 48</c>.
    /// Changing it invalidates every link already sent, unless the old key becomes
    /// <see cref="PreviousUnsubscribeSigningKey"/>.
    /// </summary>
    public string? UnsubscribeSigningKey { get; set; }

    /// <summary>
    /// The key that signed links before the last rotation: links it signed keep working until they expire
    /// (at most <see cref="UnsubscribeTokenLifetime"/> after the rotation), then it can be removed. New links
    /// are always signed with <see cref="UnsubscribeSigningKey"/>.
    /// </summary>
    public string? PreviousUnsubscribeSigningKey { get; set; }

    /// <summary>
    /// The app's public base URL, for example <c>https://newsalerts.azurewebsites.net</c>; unsubscribe
    /// links are <c>{PublicBaseUrl}/api/unsubscribe?token=…</c> (see <see cref="UnsubscribeLinks.Path"/>).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long an unsubscribe link works after the digest that carries it was composed.</summary>
    public TimeSpan UnsubscribeTokenLifetime { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Most stories shown in full in one digest; the rest are listed by title after "and K more".</summary>
    public int MaxStories { get; set; } = 10;

    /// <summary>Whether unsubscribe links can be signed and checked.</summary>
    public bool CanSign => !string.IsNullOrEmpty(UnsubscribeSigningKey);
}
