namespace NewsAlerts.Evaluation.Stories;

/// <summary>How well a partition of articles into stories agrees with the labelled one.</summary>
/// <param name="PairPrecision">Of the pairs put in one story, the share labelled one story.</param>
/// <param name="PairRecall">Of the pairs labelled one story, the share put in one.</param>
/// <param name="PairF1">Their harmonic mean.</param>
/// <param name="BCubedPrecision">Mean over articles of the share of its story's articles labelled as it is.</param>
/// <param name="BCubedRecall">Mean over articles of the share of its labelled story's articles put with it.</param>
/// <param name="BCubedF1">Their harmonic mean: the figure the goals are stated in.</param>
/// <param name="StoriesFound">Stories the method made.</param>
/// <param name="StoriesLabelled">Stories the labels have.</param>
/// <param name="EventsJoinedWithin72Hours">Pairs of articles about different labelled events, published within 72 hours of each other, that were put in one story.</param>
public sealed record ClusteringScore(
    double PairPrecision, double PairRecall, double PairF1,
    double BCubedPrecision, double BCubedRecall, double BCubedF1,
    int StoriesFound, int StoriesLabelled, int EventsJoinedWithin72Hours)
{
    /// <summary>Scores <paramref name="assigned"/> (article id → story) against the labels of <paramref name="articles"/>.</summary>
    public static ClusteringScore Of(IReadOnlyList<LabelledArticle> articles, IReadOnlyDictionary<string, string> assigned)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(assigned);
        var found = articles.GroupBy(a => assigned[a.Id], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var labelled = articles.GroupBy(a => a.Story, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var both = articles.GroupBy(a => (assigned[a.Id], a.Story)).ToDictionary(g => g.Key, g => g.Count());

        double Pairs(IEnumerable<int> sizes) => sizes.Sum(n => n * (n - 1) / 2.0);
        var together = Pairs(both.Values);
        var pairPrecision = Ratio(together, Pairs(found.Values));
        var pairRecall = Ratio(together, Pairs(labelled.Values));

        double precision = 0, recall = 0;
        foreach (var article in articles)
        {
            var common = both[(assigned[article.Id], article.Story)];
            precision += (double)common / found[assigned[article.Id]];
            recall += (double)common / labelled[article.Story];
        }

        precision /= Math.Max(1, articles.Count);
        recall /= Math.Max(1, articles.Count);
        return new ClusteringScore(
            pairPrecision, pairRecall, F1(pairPrecision, pairRecall),
            precision, recall, F1(precision, recall),
            found.Count, labelled.Count, JoinedWithin72Hours(articles, assigned));
    }

    private static int JoinedWithin72Hours(IReadOnlyList<LabelledArticle> articles, IReadOnlyDictionary<string, string> assigned)
    {
        var joined = 0;
        foreach (var story in articles.Where(a => a.Body.Length > 0).GroupBy(a => assigned[a.Id], StringComparer.Ordinal))
        {
            var members = story.OrderBy(a => a.At).ToList();
            for (var i = 0; i < members.Count; i++)
            {
                for (var j = i + 1; j < members.Count && members[j].At - members[i].At <= TimeSpan.FromHours(72); j++)
                {
                    if (members[i].Story != members[j].Story)
                    {
                        joined++;
                    }
                }
            }
        }

        return joined;
    }

    private static double Ratio(double part, double whole) => whole == 0 ? 1 : part / whole;

    private static double F1(double precision, double recall) => precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
}
