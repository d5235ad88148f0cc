using Microsoft.Extensions.Options;
using MimeKit;

namespace NewsAlerts.Email;

/// <summary>Checks <see cref="EmailOptions"/> at start; each failure names the configuration key.</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        if (!MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"Email:From \"{options.From}\" is not an email address (use \"Name <address>\" or \"address\")");
        }

        if (options.Smtp.IsConfigured)
        {
            if (options.Smtp.Port is < 1 or > 65535)
            {
                failures.Add($"Email:Smtp:Port must be between 1 and 65535; it is {options.Smtp.Port}");
            }

            if (string.IsNullOrEmpty(options.Smtp.UserName) != string.IsNullOrEmpty(options.Smtp.Password))
            {
                failures.Add("Email:Smtp:UserName and Email:Smtp:Password must be set together");
            }

            // App Service leaves the reference text in place when it cannot resolve a Key Vault reference.
            foreach (var (key, value) in new[] { ("UserName", options.Smtp.UserName), ("Password", options.Smtp.Password) })
            {
                if (value?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
                {
                    failures.Add($"Email:Smtp:{key} is an unresolved Key Vault reference: check that the app's identity may read the secret");
                }
            }
        }
        else if (string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            failures.Add("Email:PickupDirectory must be set when Email:Smtp:Host is not");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
