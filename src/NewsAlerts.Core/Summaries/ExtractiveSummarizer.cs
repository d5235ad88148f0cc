using System.Text.RegularExpressions;

namespace NewsAlerts.Summaries;

/// <summary>
/// Offline summarizer: picks two to four sentences from the article, favouring early sentences that
/// share words with the title. No network, deterministic.
/// </summary>
public sealed partial class ExtractiveSummarizer : ISummarizer
{
    /// <summary>The name recorded on articles this summarizer summarized.</summary>
    public const string Name = "extractive";

    private const int MaxSummaryLength = 600;

    /// <inheritdoc />
    public Task<Summary> SummarizeAsync(SummaryRequest article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        return Task.FromResult(new Summary { Text = Summarize(article.Title, article.Body), Summarizer = Name });
    }

    private static string Summarize(string title, string body)
    {
        var sentences = SentenceBoundary().Split(body.Replace('\n', ' ')).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (sentences.Count == 0)
        {
            return title;
        }

        var titleWords = Words(title);
        var count = sentences.Count < 8 ? 2 : sentences.Count < 20 ? 3 : 4;
        var chosen = sentences
            .Select((sentence, index) => (sentence, index, score: 1.0 / (1 + index) + Overlap(Words(sentence), titleWords)))
            .OrderByDescending(s => s.score)
            .ThenBy(s => s.index)
            .Take(count)
            .OrderBy(s => s.index)
            .Select(s => s.sentence);

        var summary = string.Empty;
        foreach (var sentence in chosen)
        {
            var next = summary.Length == 0 ? sentence : summary + " " + sentence;
            if (next.Length > MaxSummaryLength && summary.Length > 0)
            {
                break;
            }

            summary = next;
        }

        return Articles.ArticleReader.Bound(summary, MaxSummaryLength);
    }

    private static HashSet<string> Words(string text) =>
        Text.WordTokenizer.Tokenize(text).Where(t => t.Text.Length > 3).Select(t => t.Text).ToHashSet();

    private static double Overlap(HashSet<string> sentence, HashSet<string> title) =>
        title.Count == 0 ? 0 : (double)sentence.Count(title.Contains) / title.Count;

    [GeneratedRegex(@"(?<=[.!?][""'’”]?)\s+(?=[""'‘“(]?[A-Z0-9])")]
    private static partial Regex SentenceBoundary();
}
