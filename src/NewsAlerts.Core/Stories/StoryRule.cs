namespace NewsAlerts.Stories;

/// <summary>
/// When an article joins a story: the story is open at the article's time (within <see cref="Window"/> of the
/// story's articles, so it stays open while it keeps receiving them), and the article's vector is at least
/// <see cref="Threshold"/> alike to the story's (<see cref="TitleThreshold"/> for an article with no body), and
/// an article with a body shares a term with it that names something (<see cref="StoryVector.Distinctive"/>).
/// </summary>
/// <param name="Threshold">Cosine needed by an article with a body.</param>
/// <param name="TitleThreshold">Cosine needed by a title-only article, whose few words share less.</param>
/// <param name="Window">How long before its first and after its latest article a story takes articles.</param>
public sealed record StoryRule(double Threshold, double TitleThreshold, TimeSpan Window)
{
    /// <summary>Whether <paramref name="story"/> takes articles from <paramref name="at"/>.</summary>
    public bool IsOpen(StoryCentroid story, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(story);
        return at >= story.First - Window && at <= story.Latest + Window;
    }

    /// <summary>The cosine <paramref name="article"/> needs to join a story.</summary>
    public double Needed(StoryVector article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article.HasBody ? Threshold : TitleThreshold;
    }

    /// <summary>
    /// The story <paramref name="article"/> joins among <paramref name="candidates"/>: the most alike open one that
    /// reaches the threshold (ties to the lower id, so every host decides alike), else none.
    /// </summary>
    public (TKey Key, double Similarity)? Best<TKey>(StoryVector article, DateTimeOffset at, IEnumerable<(TKey Key, StoryCentroid Story)> candidates)
        where TKey : IComparable<TKey>
    {
        ArgumentNullException.ThrowIfNull(candidates);
        (TKey Key, double Similarity)? best = null;
        var needed = Needed(article);
        foreach (var (key, story) in candidates)
        {
            // Reports of one event name the same place, person or thing; reports that share only topic words
            // (port, strike, dock workers) are different events however alike their vocabulary. Headlines alone
            // often name the event with common words ("Apple", "Fed"), so a title-only article is not asked to.
            if (!IsOpen(story, at) || (article.HasBody && !article.Distinctive.Any(story.Weights.ContainsKey)))
            {
                continue;
            }

            var similarity = story.Similarity(article);
            if (similarity >= needed && (best is null || similarity > best.Value.Similarity || (similarity == best.Value.Similarity && key.CompareTo(best.Value.Key) < 0)))
            {
                best = (key, similarity);
            }
        }

        return best;
    }
}
