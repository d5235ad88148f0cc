// Stand-in: Microsoft.Azure.Functions.Worker.Extensions.Storage.Queues.
namespace Microsoft.Azure.Functions.Worker;

using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

public sealed class QueueTriggerAttribute : TriggerBindingAttribute
{
    public QueueTriggerAttribute(string queueName) => QueueName = queueName;

    public string QueueName { get; }

    public string? Connection { get; set; }
}
