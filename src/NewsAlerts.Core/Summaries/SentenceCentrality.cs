namespace NewsAlerts.Summaries;

/// <summary>How central each sentence of an article is, and how similar each pair is.</summary>
/// <param name="Directed">PacSum's directed centrality, scaled so that the largest magnitude is 1.</param>
/// <param name="Degree">Mean similarity to the other sentences, scaled so that the largest is 1.</param>
/// <param name="Similarity">Cosine similarity of sentences i and j at [i × n + j].</param>
internal sealed record Centrality(double[] Directed, double[] Degree, double[] Similarity);

/// <summary>
/// Position-aware sentence centrality after PacSum (Zheng and Lapata, 2019, "Sentence Centrality Revisited for
/// Unsupervised Summarization"): TF-IDF cosine similarity between sentences, weak edges removed, and edges to
/// later sentences counted positively while edges to earlier ones count negatively. A sentence that later ones
/// elaborate on is central; one that merely repeats what came before is not.
/// </summary>
internal static class SentenceCentrality
{
    /// <summary>Computes each sentence's directed and undirected centrality.</summary>
    /// <param name="sentences">Each sentence's content-term ids.</param>
    /// <param name="termCount">Number of distinct term ids.</param>
    /// <param name="edgeThreshold">Edges weaker than min + threshold × (max − min) are dropped (PacSum's β).</param>
    /// <param name="forwardWeight">Weight of edges to later sentences.</param>
    /// <param name="backwardWeight">Weight of edges to earlier sentences (negative in PacSum).</param>
    public static Centrality Compute(IReadOnlyList<int[]> sentences, int termCount, double edgeThreshold, double forwardWeight, double backwardWeight)
    {
        var n = sentences.Count;
        var vectors = TfIdfVectors(sentences, termCount);
        var similarity = new double[n * n];
        var min = double.MaxValue;
        var max = double.MinValue;
        for (var i = 0; i < n; i++)
        {
            similarity[(i * n) + i] = 1;
            for (var j = i + 1; j < n; j++)
            {
                var s = Cosine(vectors[i], vectors[j]);
                similarity[(i * n) + j] = s;
                similarity[(j * n) + i] = s;
                min = Math.Min(min, s);
                max = Math.Max(max, s);
            }
        }

        var centrality = new double[n];
        var degree = new double[n];
        if (n < 2)
        {
            return new Centrality(centrality, degree, similarity);
        }

        var threshold = min + (edgeThreshold * (max - min));
        for (var i = 0; i < n; i++)
        {
            var score = 0.0;
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                var edge = Math.Max(0, similarity[(i * n) + j] - threshold);
                score += j > i ? forwardWeight * edge : backwardWeight * edge;
                sum += similarity[(i * n) + j];
            }

            centrality[i] = score;
            degree[i] = sum / (n - 1);
        }

        ScaleToUnit(centrality);
        ScaleToUnit(degree);
        return new Centrality(centrality, degree, similarity);
    }

    private static void ScaleToUnit(double[] values)
    {
        var largest = 0.0;
        foreach (var value in values)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        if (largest > 0)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] /= largest;
            }
        }
    }

    /// <summary>Sparse TF-IDF vectors with the sentences as documents, each as (term, weight) sorted by term, unit length.</summary>
    private static (int Term, double Weight)[][] TfIdfVectors(IReadOnlyList<int[]> sentences, int termCount)
    {
        var documentFrequency = new int[termCount];
        var lastSeen = new int[termCount];
        Array.Fill(lastSeen, -1);
        for (var i = 0; i < sentences.Count; i++)
        {
            foreach (var term in sentences[i])
            {
                if (lastSeen[term] != i)
                {
                    lastSeen[term] = i;
                    documentFrequency[term]++;
                }
            }
        }

        var vectors = new (int Term, double Weight)[sentences.Count][];
        var sorted = new List<int>();
        for (var i = 0; i < sentences.Count; i++)
        {
            sorted.Clear();
            sorted.AddRange(sentences[i]);
            sorted.Sort();
            var entries = new List<(int Term, double Weight)>();
            var norm = 0.0;
            for (var k = 0; k < sorted.Count;)
            {
                var term = sorted[k];
                var tf = 0;
                while (k < sorted.Count && sorted[k] == term)
                {
                    tf++;
                    k++;
                }

                // Smoothed IDF, so that a term in every sentence still counts a little.
                var weight = tf * Math.Log(1 + ((double)sentences.Count / documentFrequency[term]));
                entries.Add((term, weight));
                norm += weight * weight;
            }

            norm = Math.Sqrt(norm);
            vectors[i] = norm > 0 ? [.. entries.Select(e => (e.Term, e.Weight / norm))] : [];
        }

        return vectors;
    }

    private static double Cosine((int Term, double Weight)[] a, (int Term, double Weight)[] b)
    {
        var dot = 0.0;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i].Term == b[j].Term)
            {
                dot += a[i++].Weight * b[j++].Weight;
            }
            else if (a[i].Term < b[j].Term)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return dot;
    }
}
