// Stand-in: Microsoft.Azure.Functions.Worker.Core and Microsoft.Azure.Functions.Worker.Extensions.Abstractions.
#pragma warning disable CA1019, CA1711, CA1813 // shapes copied from the real API, not designed here

namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions
{
    public abstract class BindingAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public abstract class TriggerBindingAttribute : BindingAttribute
    {
    }
}

namespace Microsoft.Azure.Functions.Worker
{
    using System.Collections.Generic;

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class FunctionAttribute : Attribute
    {
        public FunctionAttribute(string name) => Name = name;

        public string Name { get; }
    }

    /// <summary>The members of the real <c>FunctionContext</c> the app or its tests touch; the rest are left out.</summary>
    public abstract class FunctionContext
    {
        public abstract string InvocationId { get; }

        public abstract string FunctionId { get; }

        public abstract BindingContext BindingContext { get; }

        public abstract IServiceProvider InstanceServices { get; set; }

        public abstract IDictionary<object, object> Items { get; set; }

        public virtual CancellationToken CancellationToken { get; } = CancellationToken.None;
    }

    public abstract class BindingContext
    {
        public abstract IReadOnlyDictionary<string, object?> BindingData { get; }
    }
}
