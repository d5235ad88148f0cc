using Microsoft.Azure.Functions.Worker;

namespace NewsAlerts.Functions.Support;

/// <summary>A function invocation's context as the worker would give it: services, binding data, a cancellation token.</summary>
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

    public override BindingContext BindingContext { get; }

    public override IServiceProvider InstanceServices { get; set; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override CancellationToken CancellationToken { get; }

    private sealed class TestBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = data;
    }
}
