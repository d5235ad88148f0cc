using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using NCrontab;

namespace NewsAlerts;

/// <summary>Checks <see cref="NewsAlertsOptions"/> at start; each failure names the configuration key.</summary>
internal sealed partial class NewsAlertsOptionsValidator : IValidateOptions<NewsAlertsOptions>
{
    public ValidateOptionsResult Validate(string? name, NewsAlertsOptions options)
    {
        var failures = new List<string>();
        const string Section = NewsAlertsOptions.SectionName;
        if (!ContainerOrQueueName().IsMatch(options.ArticlesContainer ?? string.Empty) || options.ArticlesContainer!.Contains("--", StringComparison.Ordinal))
        {
            failures.Add($"{Section}:ArticlesContainer \"{options.ArticlesContainer}\" is not a valid blob container name (3-63 lower-case letters, digits and single hyphens)");
        }

        if (!ContainerOrQueueName().IsMatch(options.DigestQueue ?? string.Empty) || options.DigestQueue!.Contains("--", StringComparison.Ordinal))
        {
            failures.Add($"{Section}:DigestQueue \"{options.DigestQueue}\" is not a valid queue name (3-63 lower-case letters, digits and single hyphens)");
        }

        if (!TablePrefix().IsMatch(options.TablePrefix ?? string.Empty))
        {
            failures.Add($"{Section}:TablePrefix \"{options.TablePrefix}\" must be empty or up to 20 letters and digits starting with a letter");
        }

        if (options.MaxArticleBytes is < 1 or > 64 * 1024 * 1024)
        {
            failures.Add($"{Section}:MaxArticleBytes must be between 1 and 67108864 (64 MiB); it is {options.MaxArticleBytes}");
        }

        if (CrontabSchedule.TryParse(options.DigestSchedule ?? string.Empty, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is null)
        {
            failures.Add($"{Section}:DigestSchedule \"{options.DigestSchedule}\" is not a six-field NCrontab expression such as \"0 0 * * * *\" (second minute hour day month day-of-week)");
        }

        if (options.MaxDequeueCount is < 1 or > 100)
        {
            failures.Add($"{Section}:MaxDequeueCount must be between 1 and 100; it is {options.MaxDequeueCount}");
        }

        if (options.ScanConcurrency is < 1 or > 256)
        {
            failures.Add($"{Section}:ScanConcurrency must be between 1 and 256; it is {options.ScanConcurrency}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerOrQueueName();

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9]{0,19})?$")]
    private static partial Regex TablePrefix();
}
