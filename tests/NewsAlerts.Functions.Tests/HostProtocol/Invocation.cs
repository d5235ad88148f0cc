namespace NewsAlerts.Functions.HostProtocol;

/// <summary>One invocation: the worker's response and the logs it sent for it.</summary>
public sealed record Invocation(string Id, InvocationResponse Response, IReadOnlyList<RpcLog> Logs)
{
    public bool Succeeded => Response.Result.Status == StatusResult.Types.Status.Success;

    /// <summary>The failure the worker reported, for an assertion message.</summary>
    public override string ToString() =>
        $"{Response.Result.Status}: {Response.Result.Exception?.Type} {Response.Result.Exception?.Message}\n{string.Join('\n', Logs.Select(l => $"[{l.Level}] {l.Message} {l.Exception?.Message}"))}";
}
