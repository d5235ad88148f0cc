using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NewsAlerts.Testing;

/// <summary>Where in an SMTP conversation a scripted reply is given.</summary>
public enum SmtpStep
{
    /// <summary>The reply to <c>MAIL FROM</c>.</summary>
    MailFrom,

    /// <summary>The reply to each <c>RCPT TO</c>.</summary>
    RcptTo,

    /// <summary>The reply to <c>DATA</c>, before the message is sent.</summary>
    Data,

    /// <summary>The reply after the message, to the line holding a single dot.</summary>
    EndOfData,
}

/// <summary>
/// A tiny SMTP server on a free loopback port that replays a script of replies, so the real MailKit client
/// meets what real servers say: a 550 5.1.1 to <c>RCPT TO</c>, a 421 to <c>MAIL FROM</c>, a 552 after the
/// data. Every step not scripted gets the usual positive reply; after a 421 the server closes the
/// connection, as RFC 5321 says it must. It records each command it receives.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IReadOnlyDictionary<SmtpStep, string> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    private ScriptedSmtpServer(TcpListener listener, IReadOnlyDictionary<SmtpStep, string> script)
    {
        _listener = listener;
        _script = script;
        _serving = ServeAsync(_stop.Token);
    }

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every command received, in order, as sent (<c>MAIL FROM:&lt;a@b&gt;</c>); message lines are not recorded.</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Starts the server; <paramref name="script"/> replaces the positive reply of the steps it names.</summary>
    public static ScriptedSmtpServer Start(IReadOnlyDictionary<SmtpStep, string>? script = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new ScriptedSmtpServer(listener, script ?? new Dictionary<SmtpStep, string>());
    }

    /// <summary>The settings of a host that sends its mail here.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for a client.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            try
            {
                await ConverseAsync(client.GetStream(), cancellationToken);
            }
            catch (IOException)
            {
                // The client hung up; the next one is served.
            }
        }
    }

    private async Task ConverseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        await using var writer = new StreamWriter(stream, Encoding.ASCII, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 scripted.test ESMTP");
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            Commands.Enqueue(line);
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            var reply = verb switch
            {
                "EHLO" or "HELO" => "250 scripted.test",
                "MAIL" => Reply(SmtpStep.MailFrom, "250 2.1.0 Sender OK"),
                "RCPT" => Reply(SmtpStep.RcptTo, "250 2.1.5 Recipient OK"),
                "DATA" => Reply(SmtpStep.Data, "354 End data with <CR><LF>.<CR><LF>"),
                "RSET" or "NOOP" => "250 2.0.0 OK",
                "QUIT" => "221 2.0.0 Bye",
                _ => "502 5.5.2 Command not recognized",
            };
            if (verb == "DATA" && reply.StartsWith("354", StringComparison.Ordinal))
            {
                await writer.WriteLineAsync(reply);
                while (await reader.ReadLineAsync(cancellationToken) is { } data && data != ".")
                {
                    // The message itself is read and dropped: the tests are about the replies.
                }

                reply = Reply(SmtpStep.EndOfData, "250 2.0.0 Queued");
            }

            await writer.WriteLineAsync(reply);
            if (verb == "QUIT" || reply.StartsWith("421", StringComparison.Ordinal))
            {
                return;
            }
        }
    }

    private string Reply(SmtpStep step, string positive) => _script.GetValueOrDefault(step, positive);
}
