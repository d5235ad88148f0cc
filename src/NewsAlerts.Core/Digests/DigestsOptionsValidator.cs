using Microsoft.Extensions.Options;

namespace NewsAlerts.Digests;

/// <summary>Checks <see cref="DigestsOptions"/> at start, only what is set; each failure names the configuration key.</summary>
internal sealed class DigestsOptionsValidator : IValidateOptions<DigestsOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestsOptions options)
    {
        var failures = new List<string>();
        const string Section = DigestsOptions.SectionName;
        CheckKey(nameof(DigestsOptions.UnsubscribeSigningKey), options.UnsubscribeSigningKey, failures);
        CheckKey(nameof(DigestsOptions.PreviousUnsubscribeSigningKey), options.PreviousUnsubscribeSigningKey, failures);
        if (!options.CanSign && !string.IsNullOrEmpty(options.PreviousUnsubscribeSigningKey))
        {
            failures.Add($"{Section}:PreviousUnsubscribeSigningKey is set without {Section}:UnsubscribeSigningKey: a rotation keeps the old key beside a new one");
        }

        if (!string.IsNullOrEmpty(options.PublicBaseUrl)
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.Query.Length > 0 || url.Fragment.Length > 0))
        {
            failures.Add($"{Section}:PublicBaseUrl \"{options.PublicBaseUrl}\" must be an absolute http(s) URL with no query, such as \"https://newsalerts.azurewebsites.net\"");
        }

        if (options.UnsubscribeTokenLifetime < TimeSpan.FromHours(1) || options.UnsubscribeTokenLifetime > TimeSpan.FromDays(3650))
        {
            failures.Add($"{Section}:UnsubscribeTokenLifetime must be between 01:00:00 and 3650.00:00:00 (days.hours:minutes:seconds); it is {options.UnsubscribeTokenLifetime}");
        }

        if (options.MaxStories is < 1 or > 200)
        {
            failures.Add($"{Section}:MaxStories must be between 1 and 200; it is {options.MaxStories}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckKey(string setting, string? key, List<string> failures)
    {
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        if (key.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            // App Service leaves a Key Vault reference it cannot resolve as its literal text, which is no secret.
            failures.Add($"{DigestsOptions.SectionName}:{setting} is an unresolved Key Vault reference: check that the secret exists and the app's identity may read it");
        }
        else if (key.Trim().Length < DigestsOptions.MinimumKeyLength)
        {
            failures.Add($"{DigestsOptions.SectionName}:{setting} must be at least {DigestsOptions.MinimumKeyLength} characters (for example from \"openssl rand -base64 48\"); it has {key.Trim().Length}");
        }
    }
}
