namespace NewsAlerts.Evaluation;

/// <summary>Keeps every progress report, synchronously: <see cref="Progress{T}"/> reports on the thread pool, possibly after the evaluation has returned.</summary>
internal sealed class RecordingProgress : IProgress<int>
{
    public List<int> Reports { get; } = [];

    public void Report(int value) => Reports.Add(value);
}
