using Azure;

namespace NewsAlerts.Storage;

/// <summary>How a storage failure is told and whether trying the same request again can help.</summary>
public static class StorageErrors
{
    /// <summary>
    /// Whether the service refused the request itself (400 a name or value it does not accept, 404 a thing that is not
    /// there, 405/411/413/414/416 a malformed request): the same request gets the same answer. Throttling (429), timeouts
    /// (408), conflicts and lost races (409, 412), server errors (5xx) and refused credentials (401, 403: fixed by fixing
    /// the setting, not the blob) are not permanent.
    /// </summary>
    public static bool IsPermanent(RequestFailedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Status is 400 or 404 or 405 or 411 or 413 or 414 or 416;
    }

    /// <summary>
    /// One line for a person: the status, the service's error code and the first line of its message, without the
    /// request's headers and the response's XML the SDK appends to <see cref="Exception.Message"/>.
    /// </summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is not RequestFailedException storage)
        {
            return FirstLine(exception.Message);
        }

        var status = storage.Status == 0 ? "no response" : storage.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var code = string.IsNullOrEmpty(storage.ErrorCode) ? string.Empty : " " + storage.ErrorCode;
        return $"storage error ({status}{code}): {FirstLine(storage.Message)}";
    }

    private static string FirstLine(string text)
    {
        var line = text.AsSpan();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).Trim().ToString();
    }
}
