namespace NewsAlerts.Summaries;

/// <summary>Turns an article's text into a short summary.</summary>
/// <remarks>
/// Implementations never throw for content they cannot summarize well: they return the best summary
/// they can and say in <see cref="Summary.Note"/> why it is not better. Exceptions mean the caller's
/// own failure (cancellation) and propagate.
/// </remarks>
public interface ISummarizer
{
    /// <summary>Summarizes <paramref name="article"/>.</summary>
    Task<Summary> SummarizeAsync(SummaryRequest article, CancellationToken cancellationToken = default);
}

/// <summary>What a summarizer reads: the article's title and body as plain text.</summary>
/// <param name="Title">The article's title; may be empty.</param>
/// <param name="Body">The article's body as plain text, paragraphs separated by blank lines.</param>
public sealed record SummaryRequest(string Title, string Body);

/// <summary>A summary and the facts about how it was made.</summary>
public sealed record Summary
{
    /// <summary>The summary text: plain text, no markup.</summary>
    public required string Text { get; init; }

    /// <summary>Which summarizer produced <see cref="Text"/> (for example <c>extractive</c>).</summary>
    public required string Summarizer { get; init; }

    /// <summary>A remark on how the summary was made: why a fallback was used, or that the article was cut.</summary>
    public string? Note { get; init; }

    /// <summary>Whether the configured summarizer failed and this summary is the offline fallback's.</summary>
    public bool FellBack { get; init; }

    /// <summary>
    /// Set when the configured model cannot be used as configured (a rejected parameter, a missing deployment,
    /// refused credentials, a budget spent before answering): what is wrong and which setting to fix. Every
    /// article meets the same problem until the setting is fixed.
    /// </summary>
    public string? ConfigurationProblem { get; init; }

    /// <summary>Key points, when the summarizer produces them.</summary>
    public IReadOnlyList<string> KeyPoints { get; init; } = [];

    /// <summary>People, organizations and places named, when the summarizer finds them.</summary>
    public SummaryEntities? Entities { get; init; }

    /// <summary>The article's language (ISO 639-1), when the summarizer tells.</summary>
    public string? Language { get; init; }

    /// <summary>Model input tokens spent on this summary (0 for offline summarizers).</summary>
    public int InputTokens { get; init; }

    /// <summary>Model output tokens spent on this summary (0 for offline summarizers).</summary>
    public int OutputTokens { get; init; }
}

/// <summary>Named entities of an article.</summary>
/// <param name="People">People named.</param>
/// <param name="Organizations">Organizations named.</param>
/// <param name="Places">Places named.</param>
public sealed record SummaryEntities(IReadOnlyList<string> People, IReadOnlyList<string> Organizations, IReadOnlyList<string> Places);
