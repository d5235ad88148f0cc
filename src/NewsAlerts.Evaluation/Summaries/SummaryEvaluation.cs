using System.Text.Json;
using System.Text.Json.Serialization;
using NewsAlerts.Summaries;
using NewsAlerts.Text;

namespace NewsAlerts.Evaluation.Summaries;

/// <summary>
/// Measures a summarizer against reference summaries with ROUGE, next to the Lead-3 baseline scored the same
/// way in the same run, so the two are always comparable.
/// </summary>
/// <remarks>
/// Input is JSON Lines, one <c>{"article": "...", "references": ["...", ...]}</c> object per line; other fields
/// are ignored and blank lines are skipped. Scores are rouge_score's F1 with Porter stemming, the maximum over
/// each record's references, × 100, averaged over records. For ROUGE-Lsum both summaries put one sentence per
/// line: the extractive summarizer's own sentences, and for other summarizers the sentences
/// <see cref="SentenceSplitter"/> finds in their text.
/// </remarks>
public sealed class SummaryEvaluation
{
    private readonly ISummarizer _summarizer;
    private readonly RougeScorer _scorer = new(useStemmer: true);

    /// <summary>Evaluates the <see cref="ExtractiveSummarizer"/>.</summary>
    public SummaryEvaluation()
        : this(new ExtractiveSummarizer())
    {
    }

    /// <summary>Evaluates <paramref name="summarizer"/>.</summary>
    public SummaryEvaluation(ISummarizer summarizer)
    {
        ArgumentNullException.ThrowIfNull(summarizer);
        _summarizer = summarizer;
    }

    /// <summary>Reads every record of <paramref name="records"/>, summarizes and scores it.</summary>
    /// <param name="records">A UTF-8 JSON Lines stream; it is read to the end and left open.</param>
    /// <param name="progress">Receives the number of records scored so far after each record.</param>
    /// <param name="cancellationToken">Stops the evaluation between records.</param>
    /// <exception cref="EvaluationRecordException">A line is not a record with an article and references.</exception>
    public async Task<SummaryEvaluationResult> EvaluateAsync(
        Stream records, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ours = new ScoreTotals();
        var lead = new ScoreTotals();
        var count = 0;
        var lineNumber = 0;
        using var reader = new StreamReader(records, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var (article, references) = ParseRecord(line, lineNumber);
            var ourSentences = await SummarySentencesAsync(article, cancellationToken);
            ours.Add(_scorer.ScoreMulti(references, string.Join('\n', ourSentences)));
            lead.Add(_scorer.ScoreMulti(references, string.Join('\n', LeadBaseline.Lead(article))));
            count++;
            progress?.Report(count);
        }

        return new SummaryEvaluationResult(ours.Means(count), lead.Means(count), count);
    }

    private async Task<IReadOnlyList<string>> SummarySentencesAsync(string article, CancellationToken cancellationToken)
    {
        var request = new SummaryRequest(string.Empty, article);
        if (_summarizer is ExtractiveSummarizer extractive)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return extractive.SelectSentences(request);
        }

        var text = (await _summarizer.SummarizeAsync(request, cancellationToken)).Text;
        return [.. SentenceSplitter.Split(text).Select(s => s.In(text).ToString())];
    }

    private static (string Article, List<string> References) ParseRecord(string line, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException exception)
        {
            throw new EvaluationRecordException(lineNumber, $"not valid JSON ({exception.Message})", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new EvaluationRecordException(lineNumber, $"expected a JSON object, found {root.ValueKind}");
            }

            if (!root.TryGetProperty("article", out var article) || article.ValueKind != JsonValueKind.String)
            {
                throw new EvaluationRecordException(lineNumber, "\"article\" must be a string");
            }

            if (!root.TryGetProperty("references", out var references) || references.ValueKind != JsonValueKind.Array
                || references.GetArrayLength() == 0 || references.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
            {
                throw new EvaluationRecordException(lineNumber, "\"references\" must be a non-empty array of strings");
            }

            return (article.GetString()!, [.. references.EnumerateArray().Select(r => r.GetString()!)]);
        }
    }

    private sealed class ScoreTotals
    {
        private double _rouge1;
        private double _rouge2;
        private double _rougeLsum;

        public void Add(RougeScores scores)
        {
            _rouge1 += scores.Rouge1.F1;
            _rouge2 += scores.Rouge2.F1;
            _rougeLsum += scores.RougeLsum.F1;
        }

        public RougeF1Means Means(int count) => count == 0
            ? new RougeF1Means(0, 0, 0)
            : new RougeF1Means(100 * _rouge1 / count, 100 * _rouge2 / count, 100 * _rougeLsum / count);
    }
}

/// <summary>The outcome of a <see cref="SummaryEvaluation"/>.</summary>
/// <param name="Ours">Scores of the evaluated summarizer.</param>
/// <param name="Lead3">Scores of the Lead-3 baseline on the same records.</param>
/// <param name="Count">Number of records scored.</param>
public sealed record SummaryEvaluationResult(
    [property: JsonPropertyName("ours")] RougeF1Means Ours,
    [property: JsonPropertyName("lead3")] RougeF1Means Lead3,
    [property: JsonPropertyName("count")] int Count);

/// <summary>Mean ROUGE F1 over the records, × 100 (the scale papers report).</summary>
/// <param name="Rouge1">Mean ROUGE-1 F1 × 100.</param>
/// <param name="Rouge2">Mean ROUGE-2 F1 × 100.</param>
/// <param name="RougeLsum">Mean summary-level ROUGE-L F1 × 100.</param>
public sealed record RougeF1Means(
    [property: JsonPropertyName("rouge1")] double Rouge1,
    [property: JsonPropertyName("rouge2")] double Rouge2,
    [property: JsonPropertyName("rougeLsum")] double RougeLsum);

/// <summary>A line of an evaluation file is not a usable record.</summary>
public sealed class EvaluationRecordException : FormatException
{
    /// <summary>Creates the exception for line <paramref name="lineNumber"/>.</summary>
    public EvaluationRecordException(int lineNumber, string problem, Exception? innerException = null)
        : base($"line {lineNumber}: {problem}", innerException)
    {
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The 1-based number of the offending line.</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong with the line, without the line number.</summary>
    public string Problem { get; }
}
