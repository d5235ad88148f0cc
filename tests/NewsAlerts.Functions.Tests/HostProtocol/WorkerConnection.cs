using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;

namespace NewsAlerts.Functions.HostProtocol;

/// <summary>
/// The host's end of the one <c>EventStream</c> a worker opens: sends requests, matches each reply to its
/// request by <c>request_id</c> (the worker answers concurrently, not in order) and keeps every log.
/// </summary>
internal sealed class WorkerConnection
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly TaskCompletionSource<StartStream> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<RpcLog> _logs = new();

    /// <summary>Completes when the worker has opened the stream and said who it is.</summary>
    public Task<StartStream> Started => _started.Task;

    /// <summary>Every log the worker has sent so far, in order.</summary>
    public IReadOnlyList<RpcLog> Logs => [.. _logs];

    /// <summary>Sends <paramref name="message"/> and waits for the worker's reply to it.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage message, CancellationToken cancellationToken)
    {
        message.RequestId = Guid.NewGuid().ToString("N");
        var reply = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[message.RequestId] = reply;
        try
        {
            await _outgoing.Writer.WriteAsync(message, cancellationToken);
            return await reply.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _pending.TryRemove(message.RequestId, out _);
        }
    }

    /// <summary>Sends a message that has no reply.</summary>
    public ValueTask SendAsync(StreamingMessage message, CancellationToken cancellationToken) =>
        _outgoing.Writer.WriteAsync(message, cancellationToken);

    /// <summary>Serves the stream until the worker closes it.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> fromWorker, IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteAsync(toWorker, stop.Token);
        try
        {
            await foreach (var message in fromWorker.ReadAllAsync(cancellationToken))
            {
                switch (message.ContentCase)
                {
                    case StreamingMessage.ContentOneofCase.StartStream:
                        _started.TrySetResult(message.StartStream);
                        break;
                    case StreamingMessage.ContentOneofCase.RpcLog:
                        _logs.Enqueue(message.RpcLog);
                        break;
                    default:
                        if (_pending.TryGetValue(message.RequestId, out var reply))
                        {
                            reply.TrySetResult(message);
                        }

                        break;
                }
            }
        }
        catch (IOException)
        {
            // The worker process went away; the requests still waiting fail below.
        }
        finally
        {
            await stop.CancelAsync();
            await writing.ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var reply in _pending.Values)
            {
                reply.TrySetException(new InvalidOperationException("the worker closed its stream before replying"));
            }
        }
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellationToken)
    {
        await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
        {
            await toWorker.WriteAsync(message, cancellationToken);
        }
    }
}

/// <summary>The <c>FunctionRpc</c> service the worker connects to; each stream is handed to the one connection.</summary>
internal sealed class FunctionRpcService(WorkerConnection connection) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        connection.RunAsync(requestStream, responseStream, context.CancellationToken);
}
