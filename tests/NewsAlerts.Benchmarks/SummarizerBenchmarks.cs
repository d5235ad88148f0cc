using BenchmarkDotNet.Attributes;
using NewsAlerts.Evaluation.Summaries;
using NewsAlerts.Summaries;

namespace NewsAlerts.Benchmarks;

/// <summary>
/// The extractive summarizer on a ~1,000-word article against Lead-3 (split, take three) as the baseline.
/// The budget is 5 ms per 1,000-word article.
/// </summary>
[MemoryDiagnoser]
public class SummarizerBenchmarks
{
    private readonly ExtractiveSummarizer _summarizer = new();
    private readonly SummaryRequest _article = new(SampleArticle.Title, SampleArticle.Body);

    [Benchmark(Baseline = true)]
    public IReadOnlyList<string> LeadThree() => LeadBaseline.Lead(_article.Body);

    [Benchmark]
    public Task<Summary> Extractive() => _summarizer.SummarizeAsync(_article);
}
