namespace NewsAlerts.Evaluation.Summaries;

/// <summary>Precision, recall and F1 of one ROUGE measure, each between 0 and 1.</summary>
/// <param name="Precision">Matched units over the prediction's units.</param>
/// <param name="Recall">Matched units over the target's units.</param>
/// <param name="F1">The harmonic mean of precision and recall; 0 when both are 0.</param>
public readonly record struct RougeScore(double Precision, double Recall, double F1)
{
    internal static RougeScore From(double precision, double recall) =>
        new(precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0);
}

/// <summary>The four ROUGE measures the project reports for one prediction.</summary>
/// <param name="Rouge1">Unigram overlap.</param>
/// <param name="Rouge2">Bigram overlap.</param>
/// <param name="RougeL">Longest common subsequence over the whole texts, ignoring line breaks.</param>
/// <param name="RougeLsum">Summary-level LCS: texts split into sentences on <c>"\n"</c>, union LCS per target sentence.</param>
public sealed record RougeScores(RougeScore Rouge1, RougeScore Rouge2, RougeScore RougeL, RougeScore RougeLsum);

/// <summary>
/// ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum with the semantics of Google's <c>rouge_score</c> package
/// (equivalent to <c>ROUGE-1.5.5.pl -e data -n 2 -a</c>, plus <c>-m</c> when stemming), so scores can be
/// compared with published ones.
/// </summary>
/// <remarks>
/// For ROUGE-Lsum put one sentence per line in both texts: rouge_score splits on <c>"\n"</c> only.
/// Instances are immutable and thread-safe.
/// </remarks>
public sealed class RougeScorer
{
    /// <summary>Creates a scorer.</summary>
    /// <param name="useStemmer">Porter-stem tokens longer than three characters, as <c>rouge_score</c>'s <c>use_stemmer=True</c>.</param>
    public RougeScorer(bool useStemmer)
    {
        UseStemmer = useStemmer;
    }

    /// <summary>Whether tokens are Porter-stemmed before matching.</summary>
    public bool UseStemmer { get; }

    /// <summary>Scores <paramref name="prediction"/> against one <paramref name="target"/> (the reference).</summary>
    public RougeScores Score(string target, string prediction)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(prediction);

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var targetText = TokenizedText.Create(target, UseStemmer, vocabulary);
        var predictionText = TokenizedText.Create(prediction, UseStemmer, vocabulary);
        return Score(targetText, predictionText);
    }

    /// <summary>
    /// Scores <paramref name="prediction"/> against each target and keeps, for each measure separately, the
    /// score with the highest F1; the first target wins ties (rouge_score's <c>score_multi</c>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="targets"/> is empty.</exception>
    public RougeScores ScoreMulti(IReadOnlyList<string> targets, string prediction)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(prediction);
        if (targets.Count == 0)
        {
            throw new ArgumentException("At least one target is needed.", nameof(targets));
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var predictionText = TokenizedText.Create(prediction, UseStemmer, vocabulary);
        RougeScores? best = null;
        foreach (var target in targets)
        {
            ArgumentNullException.ThrowIfNull(target, nameof(targets));
            var scores = Score(TokenizedText.Create(target, UseStemmer, vocabulary), predictionText);
            best = best is null
                ? scores
                : new RougeScores(
                    Better(best.Rouge1, scores.Rouge1),
                    Better(best.Rouge2, scores.Rouge2),
                    Better(best.RougeL, scores.RougeL),
                    Better(best.RougeLsum, scores.RougeLsum));
        }

        return best!;

        static RougeScore Better(RougeScore current, RougeScore candidate) => candidate.F1 > current.F1 ? candidate : current;
    }

    private static RougeScores Score(TokenizedText target, TokenizedText prediction) => new(
        NGramScore(target.Tokens, prediction.Tokens, 1),
        NGramScore(target.Tokens, prediction.Tokens, 2),
        LcsScore(target.Tokens, prediction.Tokens),
        SummaryLevelLcsScore(target.Lines, prediction.Lines));

    private static RougeScore NGramScore(int[] target, int[] prediction, int n)
    {
        var targetCounts = CountNGrams(target, n);
        var predictionCounts = CountNGrams(prediction, n);
        var overlap = 0;
        foreach (var (ngram, count) in targetCounts)
        {
            if (predictionCounts.TryGetValue(ngram, out var predicted))
            {
                overlap += Math.Min(count, predicted);
            }
        }

        var targetTotal = Math.Max(target.Length - n + 1, 0);
        var predictionTotal = Math.Max(prediction.Length - n + 1, 0);
        return RougeScore.From((double)overlap / Math.Max(predictionTotal, 1), (double)overlap / Math.Max(targetTotal, 1));
    }

    private static Dictionary<long, int> CountNGrams(int[] tokens, int n)
    {
        var counts = new Dictionary<long, int>();
        for (var i = 0; i + n <= tokens.Length; i++)
        {
            // Token ids are below 2^31, so an id pair packs into one long without collisions.
            var key = n == 1 ? tokens[i] : ((long)tokens[i] << 32) | (uint)tokens[i + 1];
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    private static RougeScore LcsScore(int[] target, int[] prediction)
    {
        if (target.Length == 0 || prediction.Length == 0)
        {
            return default;
        }

        var table = LcsTable(target, prediction);
        var lcs = table[^1];
        return RougeScore.From((double)lcs / prediction.Length, (double)lcs / target.Length);
    }

    // Lin (2004) section 3.2 as ROUGE-1.5.5 and rouge_score compute it: for each target sentence the union of its
    // LCS positions against every prediction sentence, each hit consuming one unused occurrence of the token on
    // both sides so that a token is never counted more often than it occurs.
    private static RougeScore SummaryLevelLcsScore(int[][] targetLines, int[][] predictionLines)
    {
        var targetTotal = 0;
        var predictionTotal = 0;
        var targetCounts = new Dictionary<int, int>();
        var predictionCounts = new Dictionary<int, int>();
        foreach (var line in targetLines)
        {
            targetTotal += line.Length;
            AddCounts(targetCounts, line);
        }

        foreach (var line in predictionLines)
        {
            predictionTotal += line.Length;
            AddCounts(predictionCounts, line);
        }

        if (targetTotal == 0 || predictionTotal == 0)
        {
            return default;
        }

        var hits = 0;
        var union = new SortedSet<int>();
        foreach (var targetLine in targetLines)
        {
            union.Clear();
            foreach (var predictionLine in predictionLines)
            {
                AddLcsPositions(targetLine, predictionLine, union);
            }

            foreach (var position in union)
            {
                var token = targetLine[position];
                if (predictionCounts.GetValueOrDefault(token) > 0 && targetCounts.GetValueOrDefault(token) > 0)
                {
                    hits++;
                    predictionCounts[token]--;
                    targetCounts[token]--;
                }
            }
        }

        return RougeScore.From((double)hits / predictionTotal, (double)hits / targetTotal);
    }

    private static void AddCounts(Dictionary<int, int> counts, int[] tokens)
    {
        foreach (var token in tokens)
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
    }

    /// <summary>The LCS table, row-major with (target.Length + 1) × (prediction.Length + 1) cells.</summary>
    private static int[] LcsTable(int[] target, int[] prediction)
    {
        var columns = prediction.Length + 1;
        var table = new int[(target.Length + 1) * columns];
        for (var i = 1; i <= target.Length; i++)
        {
            for (var j = 1; j <= prediction.Length; j++)
            {
                table[(i * columns) + j] = target[i - 1] == prediction[j - 1]
                    ? table[((i - 1) * columns) + j - 1] + 1
                    : Math.Max(table[((i - 1) * columns) + j], table[(i * columns) + j - 1]);
            }
        }

        return table;
    }

    // One LCS, read back the way rouge_score's _backtrack_norec does; which LCS is chosen changes the union.
    private static void AddLcsPositions(int[] target, int[] prediction, SortedSet<int> positions)
    {
        if (target.Length == 0 || prediction.Length == 0)
        {
            return;
        }

        var table = LcsTable(target, prediction);
        var columns = prediction.Length + 1;
        var i = target.Length;
        var j = prediction.Length;
        while (i > 0 && j > 0)
        {
            if (target[i - 1] == prediction[j - 1])
            {
                positions.Add(i - 1);
                i--;
                j--;
            }
            else if (table[(i * columns) + j - 1] > table[((i - 1) * columns) + j])
            {
                j--;
            }
            else
            {
                i--;
            }
        }
    }

    /// <summary>A text as token ids: all tokens for ROUGE-N and ROUGE-L, and per non-empty line for ROUGE-Lsum.</summary>
    private sealed record TokenizedText(int[] Tokens, int[][] Lines)
    {
        public static TokenizedText Create(string text, bool stem, Dictionary<string, int> vocabulary)
        {
            var lines = new List<int[]>();
            foreach (var line in text.Split('\n'))
            {
                // rouge_score drops empty lines only; a line of spaces stays, with no tokens.
                if (line.Length > 0)
                {
                    lines.Add(ToIds(RougeTokenizer.Tokenize(line, stem), vocabulary));
                }
            }

            return new TokenizedText(ToIds(RougeTokenizer.Tokenize(text, stem), vocabulary), [.. lines]);
        }

        private static int[] ToIds(List<string> tokens, Dictionary<string, int> vocabulary)
        {
            var ids = new int[tokens.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                if (!vocabulary.TryGetValue(tokens[i], out var id))
                {
                    id = vocabulary.Count;
                    vocabulary.Add(tokens[i], id);
                }

                ids[i] = id;
            }

            return ids;
        }
    }
}
