using System.Text.Json;
using NewsAlerts.Stories;
using NewsAlerts.Text;

namespace NewsAlerts.Evaluation.Stories;

/// <summary>Precision and recall of story detection at one similarity threshold.</summary>
/// <param name="Threshold">The estimated-Jaccard threshold.</param>
/// <param name="Precision">Share of detected pairs that are the same story.</param>
/// <param name="Recall">Share of same-story pairs detected.</param>
/// <param name="TruePositives">Same-story pairs detected.</param>
/// <param name="FalsePositives">Distinct-article pairs detected.</param>
public sealed record ThresholdScore(double Threshold, double Precision, double Recall, int TruePositives, int FalsePositives);

/// <summary>Two distinct records that look alike: for a person to read and label.</summary>
/// <param name="Similarity">Their estimated Jaccard similarity.</param>
/// <param name="First">The start of the first article.</param>
/// <param name="Second">The start of the second article.</param>
public sealed record SimilarPair(double Similarity, string First, string Second);

/// <summary>The outcome of a <see cref="StoryEvaluation"/>.</summary>
/// <param name="Articles">Records read.</param>
/// <param name="SameStoryPairs">Labelled same-story pairs (each article with its re-published variants).</param>
/// <param name="DistinctPairs">Pairs of distinct records.</param>
/// <param name="Thresholds">Precision and recall per threshold.</param>
/// <param name="ClosestDistinctPairs">The distinct-record pairs most alike.</param>
public sealed record StoryEvaluationResult(int Articles, int SameStoryPairs, int DistinctPairs, IReadOnlyList<ThresholdScore> Thresholds, IReadOnlyList<SimilarPair> ClosestDistinctPairs);

/// <summary>
/// Measures near-duplicate detection on news articles. Same-story pairs are each article with three
/// versions of it as another outlet would re-publish it: the wire copy trimmed to 70% under a byline and
/// a copyright line; an edited copy with every fifth sentence dropped and two sentences added; the first
/// half alone. Distinct pairs are all pairs of different records (which may hold true duplicates:
/// <see cref="StoryEvaluationResult.ClosestDistinctPairs"/> lists the closest for a person to label).
/// A pair is detected when LSH makes it a candidate (as <see cref="StoryIndex"/> does) and its estimated
/// similarity reaches the threshold.
/// </summary>
public sealed class StoryEvaluation
{
    private static readonly double[] Thresholds = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7];

    /// <summary>Reads the articles of JSON Lines streams (<c>{"article": ...}</c> per line) and scores detection.</summary>
    public static async Task<StoryEvaluationResult> EvaluateAsync(IEnumerable<Stream> files, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var articles = new List<string>();
        foreach (var file in files)
        {
            using var reader = new StreamReader(file, leaveOpen: true);
            var line = 0;
            while (await reader.ReadLineAsync(cancellationToken) is { } text)
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                try
                {
                    using var record = JsonDocument.Parse(text);
                    if (record.RootElement.TryGetProperty("article", out var article) && article.GetString() is { Length: > 0 } value)
                    {
                        articles.Add(value);
                        continue;
                    }
                }
                catch (JsonException ex)
                {
                    throw new FormatException($"line {line}: not valid JSON ({ex.Message})", ex);
                }

                throw new FormatException($"line {line}: no \"article\" text");
            }
        }

        var signatures = new List<Signed>(articles.Count);
        foreach (var article in articles)
        {
            signatures.Add(Signed.Of(article));
            progress?.Report(signatures.Count);
        }

        var same = new List<(bool Candidate, double Similarity)>();
        for (var i = 0; i < articles.Count; i++)
        {
            foreach (var variant in Variants(articles[i]))
            {
                var other = Signed.Of(variant);
                same.Add((signatures[i].SharesBand(other), signatures[i].Signature.Similarity(other.Signature)));
            }
        }

        var distinct = new List<(bool Candidate, double Similarity, int First, int Second)>();
        for (var i = 0; i < signatures.Count; i++)
        {
            for (var j = i + 1; j < signatures.Count; j++)
            {
                // Only candidates can be detected; the rest only count.
                if (signatures[i].SharesBand(signatures[j]))
                {
                    distinct.Add((true, signatures[i].Signature.Similarity(signatures[j].Signature), i, j));
                }
            }
        }

        var distinctCount = signatures.Count * (signatures.Count - 1) / 2;
        var scores = Thresholds.Select(t =>
        {
            var truePositives = same.Count(p => p.Candidate && p.Similarity >= t);
            var falsePositives = distinct.Count(p => p.Similarity >= t);
            var detected = truePositives + falsePositives;
            return new ThresholdScore(t, detected == 0 ? 1 : (double)truePositives / detected, same.Count == 0 ? 0 : (double)truePositives / same.Count, truePositives, falsePositives);
        }).ToList();

        var closest = distinct.OrderByDescending(p => p.Similarity).Take(5)
            .Select(p => new SimilarPair(p.Similarity, Start(articles[p.First]), Start(articles[p.Second]))).ToList();
        return new StoryEvaluationResult(articles.Count, same.Count, distinctCount, scores, closest);
    }

    /// <summary>The three re-published versions of an article (see <see cref="StoryEvaluation"/>).</summary>
    internal static IEnumerable<string> Variants(string article)
    {
        var sentences = SentenceSplitter.Split(article).Select(s => article.Substring(s.Start, s.Length)).ToList();
        if (sentences.Count < 4)
        {
            yield break;
        }

        yield return "By Staff Reporter\n\n" + string.Join(' ', sentences.Take(Math.Max(3, sentences.Count * 7 / 10))) + "\n\nCopyright 2026 Wire Services. All rights reserved.";
        var edited = sentences.Where((_, i) => i % 5 != 3).ToList();
        yield return string.Join(' ', edited.Take(2)) + " Officials declined to comment further on Tuesday. " + string.Join(' ', edited.Skip(2)) + " More details are expected later this week.";
        yield return string.Join(' ', sentences.Take(Math.Max(3, sentences.Count / 2)));
    }

    private static string Start(string article) => article.Length <= 90 ? article : article[..article.LastIndexOf(' ', 89)] + " …";

    private sealed record Signed(MinHashSignature Signature, ulong[] Bands)
    {
        public static Signed Of(string text)
        {
            var signature = MinHashSignature.Of(text);
            return new Signed(signature, Enumerable.Range(0, StoryIndex.Bands).Select(b => signature.BandKey(b, StoryIndex.Rows)).ToArray());
        }

        public bool SharesBand(Signed other)
        {
            for (var b = 0; b < Bands.Length; b++)
            {
                if (Bands[b] == other.Bands[b])
                {
                    return true;
                }
            }

            return false;
        }
    }
}
