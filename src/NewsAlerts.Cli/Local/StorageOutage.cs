using System.Net.Http;
using System.Net.Sockets;
using Azure;

namespace NewsAlerts.Cli.Local;

/// <summary>Tells a storage service that cannot be reached (down, restarting, network gone) from one that answered.</summary>
internal static class StorageOutage
{
    /// <summary>
    /// Whether <paramref name="exception"/> says storage could not be reached: no HTTP status after the SDK's own
    /// retries. Such a failure is nobody's content's fault; the same work succeeds once storage is back.
    /// </summary>
    public static bool Is(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status == 0 || failed.InnerException is HttpRequestException or SocketException,
        AggregateException { InnerExceptions: var inner } => inner.Count > 0 && inner.All(Is),
        HttpRequestException or SocketException => true,
        _ => false,
    };
}
