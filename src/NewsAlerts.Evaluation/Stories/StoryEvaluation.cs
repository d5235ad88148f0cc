using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using NewsAlerts.Stories;
using NewsAlerts.Text;

namespace NewsAlerts.Evaluation.Stories;

/// <summary>One method's scores on the half of a set it was not tuned on.</summary>
/// <param name="Method">The method: <c>tf-idf centroid</c> (the product's) or <c>minhash</c> (the rule before it).</param>
/// <param name="Window">The window used: the product's, or none.</param>
/// <param name="Threshold">The threshold of articles with a body (cosine, or estimated Jaccard for MinHash).</param>
/// <param name="TitleThreshold">The threshold of title-only articles (the centroid method only).</param>
/// <param name="Score">The scores.</param>
/// <param name="MillisecondsPerArticle">Time per article, in this process.</param>
/// <param name="RepublishedJoined">Share of re-published copies (trimmed wire copy, edited copy, first half) that join their original's story.</param>
public sealed record MethodScore(string Method, string Window, double Threshold, double? TitleThreshold, ClusteringScore Score, double MillisecondsPerArticle, double? RepublishedJoined);

/// <summary>F1 at one window length, and the most any single-pass method could reach with it on these labels.</summary>
/// <param name="Window">The window.</param>
/// <param name="BCubedF1">The product's method.</param>
/// <param name="Ceiling">BCubed F1 of the labels themselves, split wherever a labelled story goes longer than the window without an article.</param>
public sealed record WindowScore(string Window, double BCubedF1, double Ceiling);

/// <summary>The evaluation of one set (or of all together).</summary>
/// <param name="Set">The set's name, or <c>all</c>.</param>
/// <param name="Articles">Articles in the half reported on.</param>
/// <param name="Stories">Labelled stories in that half.</param>
/// <param name="Methods">Each method with and without the window.</param>
/// <param name="Windows">The product's method at several windows.</param>
public sealed record SetScore(string Set, int Articles, int Stories, IReadOnlyList<MethodScore> Methods, IReadOnlyList<WindowScore> Windows);

/// <summary>The outcome of a <see cref="StoryEvaluation"/>.</summary>
/// <param name="TunedOn">Which half thresholds were chosen on.</param>
/// <param name="ReportedOn">Which half the scores are from.</param>
/// <param name="ProductWindow">The window the product uses.</param>
/// <param name="Sets">Each set, then all together.</param>
public sealed record StoryEvaluationResult(string TunedOn, string ReportedOn, string ProductWindow, IReadOnlyList<SetScore> Sets);

/// <summary>
/// Measures story assignment on labelled articles: the product's method (TF-IDF vectors of title, lead and body
/// against story centroids, <see cref="StoryRule"/>) and the MinHash rule it replaced, each single-pass in
/// publication order as a streaming system must. Stories are split in two halves by a hash of their label:
/// thresholds are chosen on half A (best BCubed F1 over a grid, with the product's window, among the thresholds
/// that join no two different events of the same three days) and every score is reported on half B, with the
/// window and without.
/// </summary>
public static class StoryEvaluation
{
    private static readonly double[] CentroidThresholds = [.. Enumerable.Range(0, 13).Select(i => Math.Round(0.10 + (0.02 * i), 2))];
    // Below 0.06 a title joins any story that shares one of its words.
    private static readonly double[] TitleThresholds = [.. Enumerable.Range(0, 13).Select(i => Math.Round(0.06 + (0.02 * i), 2))];
    private static readonly double[] MinHashThresholds = [0.1, 0.15, 0.2, 0.3, 0.4, 0.5];
    // "No window": a century, which no labelled story spans.
    private static readonly TimeSpan NoWindow = TimeSpan.FromDays(365 * 100);
    private static readonly TimeSpan[] Windows = [TimeSpan.FromHours(72), TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(30)];

    /// <summary>Evaluates <paramref name="articles"/> with the product's <paramref name="window"/>.</summary>
    public static StoryEvaluationResult Evaluate(IReadOnlyList<LabelledArticle> articles, TimeSpan window, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var ordered = articles.OrderBy(a => a.At).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var sets = ordered.Select(a => a.Set).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var results = new List<SetScore>();
        var full = double.NaN;
        var title = double.NaN;
        var minHash = double.NaN;
        var done = 0;
        foreach (var set in sets)
        {
            var (tuning, reported) = Halves(ordered.Where(a => a.Set == set).ToList());
            var hasBodies = tuning.Any(a => a.Body.Length > 0);
            var hasTitles = tuning.Any(a => a.Body.Length == 0);
            var (setFull, setTitle) = TuneCentroid(tuning, window, hasBodies, hasTitles);
            var setMinHash = MinHashThresholds.MaxBy(t => Score(new MinHashClusterer(t, window), tuning).BCubedF1);
            full = hasBodies ? setFull : full;
            title = hasTitles ? setTitle : title;
            minHash = double.IsNaN(minHash) || hasBodies ? setMinHash : minHash;
            results.Add(Report(set, reported, window, setFull, setTitle, setMinHash));
            progress?.Report(++done);
        }

        // All together, each kind of article with the threshold its own set chose.
        var (_, all) = Halves(ordered);
        results.Add(Report("all", all, window, double.IsNaN(full) ? 0.2 : full, double.IsNaN(title) ? 0.12 : title, minHash));
        progress?.Report(++done);
        return new StoryEvaluationResult("A (stories whose label hashes even)", "B (the other stories)", Describe(window), results);
    }

    /// <summary>The three re-published versions of an article's body: a trimmed wire copy, an edited copy, the first half.</summary>
    internal static IEnumerable<string> Variants(string body)
    {
        var sentences = SentenceSplitter.Split(body).Select(s => body.Substring(s.Start, s.Length)).ToList();
        if (sentences.Count < 4)
        {
            yield break;
        }

        yield return "By Staff Reporter\n\n" + string.Join(' ', sentences.Take(Math.Max(3, sentences.Count * 7 / 10))) + "\n\nCopyright 2026 Wire Services. All rights reserved.";
        var edited = sentences.Where((_, i) => i % 5 != 3).ToList();
        yield return string.Join(' ', edited.Take(2)) + " Officials declined to comment further on Tuesday. " + string.Join(' ', edited.Skip(2)) + " More details are expected later this week.";
        yield return string.Join(' ', sentences.Take(Math.Max(3, sentences.Count / 2)));
    }

    // Best BCubed F1 with the window among the thresholds that put no two different full-text events of the same
    // three days together, with the window or without: a reader forgives a story split in two more than two events
    // passed off as one.
    private static (double Full, double Title) TuneCentroid(List<LabelledArticle> tuning, TimeSpan window, bool hasBodies, bool hasTitles)
    {
        var full = 0.2;
        var title = 0.12;
        if (hasBodies)
        {
            var scored = CentroidThresholds.Select(t => (Threshold: t, Score: Score(new CentroidClusterer(new StoryRule(t, title, window)), tuning))).ToList();
            var apart = scored.Where(s => s.Score.EventsJoinedWithin72Hours == 0
                && Score(new CentroidClusterer(new StoryRule(s.Threshold, title, NoWindow)), tuning).EventsJoinedWithin72Hours == 0).ToList();
            full = (apart.Count > 0 ? apart : scored).MaxBy(s => s.Score.BCubedF1).Threshold;
        }

        if (hasTitles)
        {
            title = TitleThresholds.MaxBy(t => Score(new CentroidClusterer(new StoryRule(full, t, window)), tuning).BCubedF1);
        }

        return (full, title);
    }

    private static SetScore Report(string set, List<LabelledArticle> articles, TimeSpan window, double full, double title, double minHash)
    {
        var methods = new List<MethodScore>();
        foreach (var (name, limit) in new[] { (Describe(window), (TimeSpan?)window), ("none", null) })
        {
            methods.Add(Measure("tf-idf centroid", name, full, title, new CentroidClusterer(new StoryRule(full, title, limit ?? NoWindow)), articles));
            methods.Add(Measure("minhash", name, minHash, null, new MinHashClusterer(minHash, limit), articles));
        }

        var withBodies = articles.Where(a => a.Body.Length > 0).ToList();
        var windows = withBodies.Count > 0
            ? Windows.Select(w => new WindowScore(Describe(w), Score(new CentroidClusterer(new StoryRule(full, title, w)), withBodies).BCubedF1, Ceiling(withBodies, w))).ToList()
            : [];
        return new SetScore(set, articles.Count, articles.Select(a => a.Story).Distinct(StringComparer.Ordinal).Count(), methods, windows);
    }

    private static MethodScore Measure(string method, string window, double threshold, double? title, IStoryClusterer clusterer, List<LabelledArticle> articles)
    {
        var clock = Stopwatch.StartNew();
        var assigned = Assign(clusterer, articles);
        var milliseconds = clock.Elapsed.TotalMilliseconds / Math.Max(1, articles.Count);
        var copies = articles.Where(a => a.Body.Length > 0).Take(100)
            .SelectMany(a => Variants(a.Body).Select(v => clusterer.Peek(a.Title, v, a.At) == assigned[a.Id]))
            .ToList();
        double? republished = copies.Count == 0 ? null : (double)copies.Count(joined => joined) / copies.Count;
        return new MethodScore(method, window, threshold, title, ClusteringScore.Of(articles, assigned), milliseconds, republished);
    }

    private static ClusteringScore Score(IStoryClusterer clusterer, List<LabelledArticle> articles) =>
        ClusteringScore.Of(articles, Assign(clusterer, articles));

    private static Dictionary<string, string> Assign(IStoryClusterer clusterer, List<LabelledArticle> articles) =>
        articles.ToDictionary(a => a.Id, clusterer.Assign, StringComparer.Ordinal);

    // The labels split wherever a story goes quiet for longer than the window: what a perfect single-pass method
    // with that window would make of them.
    private static double Ceiling(List<LabelledArticle> articles, TimeSpan window)
    {
        var split = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var story in articles.GroupBy(a => a.Story, StringComparer.Ordinal))
        {
            var part = 0;
            DateTimeOffset? last = null;
            foreach (var article in story.OrderBy(a => a.At))
            {
                part += last is { } previous && article.At - previous > window ? 1 : 0;
                split[article.Id] = story.Key + "#" + part.ToString(System.Globalization.CultureInfo.InvariantCulture);
                last = article.At;
            }
        }

        return ClusteringScore.Of(articles, split).BCubedF1;
    }

    private static (List<LabelledArticle> A, List<LabelledArticle> B) Halves(List<LabelledArticle> articles)
    {
        bool InA(LabelledArticle a) => (SHA256.HashData(Encoding.UTF8.GetBytes(a.Story))[0] & 1) == 0;
        return (articles.Where(InA).ToList(), articles.Where(a => !InA(a)).ToList());
    }

    private static string Describe(TimeSpan window) =>
        window.TotalHours % 24 == 0 ? $"{window.TotalDays:0} days" : $"{window.TotalHours:0} hours";
}
