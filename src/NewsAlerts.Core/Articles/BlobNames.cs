namespace NewsAlerts.Articles;

/// <summary>Blob names the HTTP stack cannot address as they are.</summary>
internal static class BlobNames
{
    /// <summary>
    /// Why no request can reach the blob <paramref name="name"/>, or null when one can. A <c>.</c> or <c>..</c> path
    /// segment (<c>a/../b.txt</c>) is resolved away by every URI parser before the request is sent (RFC 3986 §5.2.4),
    /// so asking for it would read another blob (<c>b.txt</c>) or leave the container; the name is refused instead.
    /// </summary>
    public static string? Unaddressable(string name)
    {
        foreach (var segment in name.Split('/'))
        {
            if (segment is "." or "..")
            {
                return $"unaddressable name: the \"{segment}\" path segment in the blob name is resolved away by HTTP (RFC 3986), so the blob cannot be read as named; rename it";
            }
        }

        return null;
    }
}
