using Microsoft.Extensions.Options;

namespace NewsAlerts.Stories;

/// <summary>Settings of the <c>Stories</c> configuration section (environment: <c>Stories__Key</c>).</summary>
public sealed class StoriesOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Stories";

    /// <summary>Hours an article can join a story after the story's last article was processed.</summary>
    public double WindowHours { get; set; } = 72;

    /// <summary>
    /// Estimated Jaccard similarity of 4-word shingles above which two articles are one story. On the
    /// evaluation data, 99.7% of re-published copies score 0.3 or more and distinct articles at most 0.10 (README).
    /// </summary>
    public double Threshold { get; set; } = 0.3;
}

/// <summary>Checks <see cref="StoriesOptions"/> at start; each failure names the configuration key.</summary>
internal sealed class StoriesOptionsValidator : IValidateOptions<StoriesOptions>
{
    public ValidateOptionsResult Validate(string? name, StoriesOptions options)
    {
        var failures = new List<string>();
        if (options.WindowHours is <= 0 or > 24 * 31)
        {
            failures.Add($"Stories:WindowHours must be above 0 and at most 744 (31 days); it is {options.WindowHours}");
        }

        if (options.Threshold is <= 0 or > 1)
        {
            failures.Add($"Stories:Threshold must be above 0 and at most 1; it is {options.Threshold}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
