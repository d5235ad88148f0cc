using Microsoft.Azure.Functions.Worker;

namespace NewsAlerts.Functions.Support;

/// <summary>
/// A function invocation's context with what the functions read (services, binding data, cancellation): for
/// calling a function class directly. The worker's own contexts are exercised end to end by <c>WorkerTests</c>.
/// </summary>
internal sealed class TestFunctionContext : FunctionContext
{
    public TestFunctionContext(IServiceProvider services, IReadOnlyDictionary<string, object?>? bindingData = null, CancellationToken cancellationToken = default)
    {
        InstanceServices = services;
        BindingContext = new TestBindingContext(bindingData ?? new Dictionary<string, object?>());
        CancellationToken = cancellationToken;
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId { get; } = "test";

    public override TraceContext TraceContext => throw new NotSupportedException("not read by NewsAlerts' functions");

    public override BindingContext BindingContext { get; }

    public override RetryContext RetryContext => throw new NotSupportedException("not read by NewsAlerts' functions");

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException("not read by NewsAlerts' functions");

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException("not read by NewsAlerts' functions");

    public override CancellationToken CancellationToken { get; }

    private sealed class TestBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = data;
    }
}
