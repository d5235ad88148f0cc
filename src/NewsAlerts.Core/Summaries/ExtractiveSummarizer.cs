using System.Text;
using NewsAlerts.Text;

namespace NewsAlerts.Summaries;

/// <summary>
/// Summarizes an article by picking two to four of its own sentences, with no model and no network: a fast,
/// deterministic fallback for when no language model is configured or reachable.
/// </summary>
/// <remarks>
/// <para>
/// Page furniture (bylines, time stamps, "Scroll down for video", share bars, "Click here" lines) is removed
/// first. Each remaining sentence is scored by its position, since news puts the essentials first, plus its
/// centrality: PacSum's directed centrality (a sentence that later sentences elaborate on) and plain TF-IDF
/// similarity to the rest of the article; a sentence that opens with a quotation loses a little. The best
/// sentences are taken until the summary has about 60 words (a little more for long articles), skipping
/// near-duplicates, and are returned in article order, cut to <see cref="MaxCharacters"/>.
/// </para>
/// <para>
/// The title is used only when the body has no text. Deterministic, culture-invariant and thread-safe: one
/// instance can serve the whole application. A 1,000-word article takes well under a millisecond.
/// </para>
/// </remarks>
public sealed class ExtractiveSummarizer : ISummarizer
{
    /// <summary>The value of <see cref="Summary.Summarizer"/> for summaries made here.</summary>
    public const string Name = "extractive";

    /// <summary>Summaries are cut to about this many characters.</summary>
    public const int MaxCharacters = 600;

    private readonly ExtractiveSummarizerSettings _settings;

    /// <summary>Creates the summarizer with its tuned settings.</summary>
    public ExtractiveSummarizer()
        : this(ExtractiveSummarizerSettings.Default)
    {
    }

    internal ExtractiveSummarizer(ExtractiveSummarizerSettings settings)
    {
        _settings = settings;
    }

    /// <inheritdoc/>
    public Task<Summary> SummarizeAsync(SummaryRequest article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Summarize(article));
    }

    internal Summary Summarize(SummaryRequest article)
    {
        var sentences = SelectSentences(article, out var fromTitle);
        var text = string.Join(' ', sentences);
        return new Summary
        {
            Text = text,
            Summarizer = Name,
            Note = text.Length == 0 ? "The article has no text to summarize."
                : fromTitle ? "The article has no body text; the summary is its title."
                : null,
        };
    }

    /// <summary>The summary's sentences, in article order, already cut to fit <see cref="MaxCharacters"/>.</summary>
    /// <remarks>The summary's text is these joined with spaces; ROUGE-Lsum scores them one per line.</remarks>
    public IReadOnlyList<string> SelectSentences(SummaryRequest article) => SelectSentences(article, out _);

    private List<string> SelectSentences(SummaryRequest article, out bool fromTitle)
    {
        var body = NewsBoilerplate.Clean(article.Body ?? string.Empty);
        var (candidates, similarity) = Candidates(body);
        fromTitle = candidates.Count == 0;
        if (fromTitle)
        {
            var title = Normalize(article.Title ?? string.Empty);
            return title.Length == 0 ? [] : [Shorten(title, MaxCharacters)];
        }

        var chosen = Choose(candidates, similarity);
        return FitToLength(chosen.ConvertAll(c => c.Text));
    }

    /// <summary>The story's sentences without page furniture, scored.</summary>
    private (List<Candidate> Candidates, double[] Similarity) Candidates(string body)
    {
        // Fragments ("No wonder.", "We know how to look.") rarely summarize anything: they are used only when the
        // article has nothing else, and they do not count as positions. Past MaxCandidates sentences the position
        // prior outweighs any centrality, so the rest of a very long text is not read.
        var terms = new SentenceTerms();
        var candidates = new List<Candidate>();
        var fragments = new List<Candidate>();
        foreach (var span in SentenceSplitter.Split(body))
        {
            var text = NewsBoilerplate.WithoutPictureReferences(Normalize(span.In(body)));
            if (NewsBoilerplate.IsBoilerplate(text))
            {
                continue;
            }

            var (ids, words) = terms.Read(text);
            if (words >= _settings.MinWords)
            {
                candidates.Add(new Candidate(text, ids, words));
                if (candidates.Count == _settings.MaxCandidates)
                {
                    break;
                }
            }
            else if (candidates.Count == 0 && fragments.Count < _settings.MaxCandidates)
            {
                fragments.Add(new Candidate(text, ids, words));
            }
        }

        if (candidates.Count == 0)
        {
            candidates = fragments;
        }

        var centrality = SentenceCentrality.Compute(
            candidates.ConvertAll(c => c.Terms), terms.Count, _settings.EdgeThreshold, _settings.ForwardWeight, _settings.BackwardWeight);
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            candidate.Position = i;
            candidate.Score = -i
                + (_settings.CentralityWeight * centrality.Directed[i])
                + (_settings.DegreeWeight * centrality.Degree[i])
                - (StartsWithQuote(candidate.Text) ? _settings.QuotePenalty : 0);
        }

        return (candidates, centrality.Similarity);
    }

    private static bool StartsWithQuote(string text) => text.Length > 0 && text[0] is '"' or '\'' or '‘' or '“';

    /// <summary>
    /// The best-scoring sentences until the summary reaches its target length, in article order. Longer articles
    /// get slightly longer summaries, as their reference summaries are.
    /// </summary>
    private List<Candidate> Choose(List<Candidate> candidates, double[] similarity)
    {
        var n = candidates.Count;
        var articleWords = 0;
        foreach (var candidate in candidates)
        {
            articleWords += candidate.WordCount;
        }

        var s = _settings;
        var target = s.TargetWords * Math.Pow(Math.Max(articleWords, 100) / 500.0, s.TargetWordsGrowth);
        var ranked = new List<Candidate>(candidates);
        ranked.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Position.CompareTo(b.Position));

        var chosen = new List<Candidate>();
        var words = 0;
        foreach (var candidate in ranked)
        {
            if (chosen.Count >= s.MaxSentences || (chosen.Count >= s.MinSentences && words >= target))
            {
                break;
            }

            if (chosen.Count >= s.MinSentences && words + candidate.WordCount > s.MaxWords)
            {
                continue;
            }

            if (chosen.Exists(c => similarity[(c.Position * n) + candidate.Position] > s.RedundancyThreshold))
            {
                continue;
            }

            chosen.Add(candidate);
            words += candidate.WordCount;
        }

        chosen.Sort((a, b) => a.Position.CompareTo(b.Position));
        return chosen;
    }

    /// <summary>Cuts the summary to <see cref="MaxCharacters"/>: whole sentences while they fit, then the last one shortened at a word.</summary>
    private static List<string> FitToLength(List<string> sentences)
    {
        var result = new List<string>();
        var used = 0;
        foreach (var sentence in sentences)
        {
            var separator = result.Count == 0 ? 0 : 1;
            var room = MaxCharacters - used - separator;
            if (sentence.Length <= room)
            {
                result.Add(sentence);
                used += separator + sentence.Length;
                continue;
            }

            // Shorten only when a useful piece fits; a stub of a few words reads worse than nothing.
            if (room >= 80 || result.Count == 0)
            {
                result.Add(Shorten(sentence, Math.Max(room, 80)));
            }

            break;
        }

        return result;
    }

    /// <summary>Cuts <paramref name="text"/> at the last word boundary that leaves room for an ellipsis.</summary>
    private static string Shorten(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', maxLength - 1);
        if (cut < maxLength / 2)
        {
            cut = maxLength - 1;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(" ,;:-–—".AsSpan()), "…");
    }

    /// <summary>Collapses runs of whitespace to single spaces.</summary>
    private static string Normalize(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private sealed class Candidate(string text, int[] terms, int wordCount)
    {
        public string Text { get; } = text;

        public int[] Terms { get; } = terms;

        public int WordCount { get; } = wordCount;

        public int Position { get; set; }

        public double Score { get; set; }
    }
}

/// <summary>The summarizer's tuning knobs; the defaults are the values tuned on the FRANK CNN/DM and XSum articles.</summary>
internal sealed record ExtractiveSummarizerSettings
{
    public static ExtractiveSummarizerSettings Default { get; } = new();

    public int MinSentences { get; init; } = 2;

    public int MaxSentences { get; init; } = 4;

    /// <summary>Summary length in words for a 500-word article.</summary>
    public double TargetWords { get; init; } = 60;

    /// <summary>Exponent of the article length in the target: target = TargetWords × (words / 500)^growth.</summary>
    public double TargetWordsGrowth { get; init; } = 0.2;

    /// <summary>A sentence that would take the summary past this is skipped once it has its minimum sentences.</summary>
    public int MaxWords { get; init; } = 120;

    /// <summary>Sentences with fewer words are fragments, used only when there is nothing else.</summary>
    public int MinWords { get; init; } = 8;

    public int MaxCandidates { get; init; } = 100;

    /// <summary>Weight of PacSum's directed centrality (in [-1, 1]) against one position of the linear position prior.</summary>
    public double CentralityWeight { get; init; } = 2;

    /// <summary>Weight of the undirected degree centrality (in [0, 1]).</summary>
    public double DegreeWeight { get; init; } = 1;

    public double EdgeThreshold { get; init; } = 0.45;

    public double ForwardWeight { get; init; } = 1;

    public double BackwardWeight { get; init; } = -1;

    /// <summary>A sentence more similar than this to one already chosen is skipped as repetition.</summary>
    public double RedundancyThreshold { get; init; } = 0.6;

    /// <summary>Subtracted for a sentence that opens with a quotation.</summary>
    public double QuotePenalty { get; init; } = 1;
}
