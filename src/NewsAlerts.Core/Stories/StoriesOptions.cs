using Microsoft.Extensions.Options;

namespace NewsAlerts.Stories;

/// <summary>Settings of the <c>Stories</c> configuration section (environment: <c>Stories__Key</c>).</summary>
/// <remarks>
/// The defaults were chosen by <c>newsalerts eval stories</c> on labelled news (README, "Stories, not duplicates"):
/// thresholds on one half of the stories, scores on the other.
/// </remarks>
public sealed class StoriesOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Stories";

    /// <summary>
    /// Hours a story takes articles after its latest one (and before its first): it stays open while it keeps
    /// receiving them. Labelled events often run for weeks with quiet spells; a month keeps them whole.
    /// </summary>
    public double WindowHours { get; set; } = 24 * 30;

    /// <summary>Cosine of an article with a body and a story's centroid above which the article joins the story.</summary>
    public double Threshold { get; set; } = 0.22;

    /// <summary>The same for a title-only article, whose few words share less with any story.</summary>
    public double TitleThreshold { get; set; } = 0.06;

    /// <summary>The rule these settings make.</summary>
    public StoryRule Rule => new(Threshold, TitleThreshold, TimeSpan.FromHours(WindowHours));
}

/// <summary>Checks <see cref="StoriesOptions"/> at start; each failure names the configuration key.</summary>
internal sealed class StoriesOptionsValidator : IValidateOptions<StoriesOptions>
{
    public ValidateOptionsResult Validate(string? name, StoriesOptions options)
    {
        var failures = new List<string>();
        if (options.WindowHours is <= 0 or > 24 * 366)
        {
            failures.Add($"Stories:WindowHours must be above 0 and at most 8784 (a year); it is {options.WindowHours}");
        }

        if (options.Threshold is <= 0 or > 1)
        {
            failures.Add($"Stories:Threshold must be above 0 and at most 1; it is {options.Threshold}");
        }

        if (options.TitleThreshold is <= 0 or > 1)
        {
            failures.Add($"Stories:TitleThreshold must be above 0 and at most 1; it is {options.TitleThreshold}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
