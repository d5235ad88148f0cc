using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace NewsAlerts.Testing;

/// <summary>
/// A loopback TCP relay in front of an Azurite's three services that a test can cut (every open connection reset,
/// new ones refused: storage is down) and restore on the same ports (storage is back), while Azurite keeps every
/// byte it acknowledged. Killing Azurite itself would not do: it saves to disk every 5 s, so a kill loses the last
/// writes, which real storage never does; and a graceful stop waits for its clients' connections to end.
/// </summary>
public sealed partial class StorageCutoff : IAsyncDisposable
{
    private readonly Relay[] _relays;
    private readonly string _connectionString;

    private StorageCutoff(string connectionString, Relay[] relays)
    {
        _connectionString = connectionString;
        _relays = relays;
    }

    /// <summary>The connection string that goes through the relay.</summary>
    public string ConnectionString => Endpoint().Replace(_connectionString, m =>
        $"{m.Groups["service"].Value}Endpoint=http://127.0.0.1:{_relays.Single(r => r.Service == m.Groups["service"].Value).Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>Starts relaying to the services of <paramref name="connectionString"/> (an Azurite on loopback).</summary>
    public static StorageCutoff Start(string connectionString)
    {
        var relays = Endpoint().Matches(connectionString)
            .Select(m => new Relay(m.Groups["service"].Value, int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture)))
            .ToArray();
        foreach (var relay in relays)
        {
            relay.Open();
        }

        return new StorageCutoff(connectionString, relays);
    }

    /// <summary>Storage goes down: open connections are reset, new ones refused.</summary>
    public void Cut()
    {
        foreach (var relay in _relays)
        {
            relay.Close();
        }
    }

    /// <summary>Storage is back, on the same ports.</summary>
    public void Restore()
    {
        foreach (var relay in _relays)
        {
            relay.Open();
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var relay in _relays)
        {
            relay.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"(?<service>Blob|Queue|Table)Endpoint=http://127\.0\.0\.1:(?<port>\d+)/")]
    private static partial Regex Endpoint();

    private sealed class Relay(string service, int target) : IDisposable
    {
        private readonly ConcurrentDictionary<Socket, byte> _connections = new();
        private TcpListener? _listener;
        private CancellationTokenSource? _stop;

        public string Service { get; } = service;

        /// <summary>The relay's port: free on the first open, the same one after.</summary>
        public int Port { get; private set; }

        public void Open()
        {
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            _stop = new CancellationTokenSource();
            _ = AcceptAsync(listener, _stop.Token);
        }

        public void Dispose() => Close();

        public void Close()
        {
            _stop?.Cancel();
            _listener?.Stop();
            foreach (var socket in _connections.Keys)
            {
                try
                {
                    // Linger 0: the peer gets a reset, as when a server dies, not an orderly close.
                    socket.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                    // That connection had just ended by itself.
                }

                socket.Dispose();
            }

            _connections.Clear();
            _stop?.Dispose();
            (_listener, _stop) = (null, null);
        }

        private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptSocketAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = PipeAsync(client, cancellationToken);
            }
        }

        private async Task PipeAsync(Socket client, CancellationToken cancellationToken)
        {
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _connections[client] = 0;
            _connections[upstream] = 0;
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, target, cancellationToken);
                using var down = new NetworkStream(client, ownsSocket: false);
                using var up = new NetworkStream(upstream, ownsSocket: false);
                await Task.WhenAny(down.CopyToAsync(up, cancellationToken), up.CopyToAsync(down, cancellationToken));
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // The cut, or one side hung up.
            }
            finally
            {
                _connections.TryRemove(client, out _);
                _connections.TryRemove(upstream, out _);
                client.Dispose();
                upstream.Dispose();
            }
        }
    }
}
