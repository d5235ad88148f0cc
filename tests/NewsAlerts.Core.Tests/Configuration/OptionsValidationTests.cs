using Microsoft.Extensions.Configuration;
using NewsAlerts.Email;
using NewsAlerts.Storage;

namespace NewsAlerts.Configuration;

public class OptionsValidationTests
{
    private static IEnumerable<string> Failures(NewsAlertsOptions options) => new NewsAlertsOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void DefaultsAreValid()
    {
        Assert.Empty(Failures(new NewsAlertsOptions()));
        Assert.True(new EmailOptionsValidator().Validate(null, new EmailOptions()).Succeeded);
    }

    [Fact]
    public void EachWrongSettingIsNamedByItsKey()
    {
        var failures = Failures(new NewsAlertsOptions
        {
            ArticlesContainer = "Articles_Bad",
            DigestQueue = "q",
            TablePrefix = "1x",
            MaxArticleBytes = 0,
            DigestSchedule = "0 * * * *",
            MaxDequeueCount = 0,
        }).ToList();
        Assert.Collection(
            failures,
            f => Assert.StartsWith("NewsAlerts:ArticlesContainer \"Articles_Bad\"", f, StringComparison.Ordinal),
            f => Assert.StartsWith("NewsAlerts:DigestQueue \"q\"", f, StringComparison.Ordinal),
            f => Assert.StartsWith("NewsAlerts:TablePrefix \"1x\"", f, StringComparison.Ordinal),
            f => Assert.StartsWith("NewsAlerts:MaxArticleBytes", f, StringComparison.Ordinal),
            f => Assert.StartsWith("NewsAlerts:DigestSchedule \"0 * * * *\" is not a six-field NCrontab expression", f, StringComparison.Ordinal),
            f => Assert.StartsWith("NewsAlerts:MaxDequeueCount", f, StringComparison.Ordinal));
    }

    [Fact]
    public void EmailSettingsAreCheckedByKey()
    {
        var failures = new EmailOptionsValidator().Validate(null, new EmailOptions
        {
            From = "not an address",
            Smtp = new SmtpOptions { Host = "smtp.example.com", Port = 70000, UserName = "user" },
        }).Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.StartsWith("Email:From", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Email:Smtp:Port", failures[1], StringComparison.Ordinal);
        Assert.StartsWith("Email:Smtp:UserName and Email:Smtp:Password", failures[2], StringComparison.Ordinal);
    }

    [Fact]
    public void UnresolvedKeyVaultReferenceIsNotTakenForACredential()
    {
        var failures = new EmailOptionsValidator().Validate(null, new EmailOptions
        {
            Smtp = new SmtpOptions { Host = "smtp.example.com", UserName = "user", Password = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/smtp-password/)" },
        }).Failures!;
        Assert.Equal("Email:Smtp:Password is an unresolved Key Vault reference: check that the app's identity may read the secret", Assert.Single(failures));
    }

    [Fact]
    public void StorageIsAConnectionStringOrIdentityBasedSettings()
    {
        static StorageConnection From(params (string Key, string Value)[] values) =>
            StorageConnection.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

        Assert.Equal("UseDevelopmentStorage=true", From(("AzureWebJobsStorage", "UseDevelopmentStorage=true")).ConnectionString);

        var byAccount = From(("AzureWebJobsStorage:accountName", "newsalerts1"), ("AzureWebJobsStorage:clientId", "abc"));
        Assert.Equal(new Uri("https://newsalerts1.table.core.windows.net"), byAccount.TableServiceUri);
        Assert.Equal(new Uri("https://newsalerts1.queue.core.windows.net"), byAccount.QueueServiceUri);
        Assert.Equal("abc", byAccount.ClientId);

        var byUri = From(("AzureWebJobsStorage:blobServiceUri", "https://x.blob.core.windows.net"), ("AzureWebJobsStorage:queueServiceUri", "https://x.queue.core.windows.net"), ("AzureWebJobsStorage:tableServiceUri", "https://x.table.core.windows.net"));
        Assert.True(byUri.IsConfigured);
        Assert.Equal("x.blob.core.windows.net (identity)", byUri.Describe());

        Assert.False(From().IsConfigured);
    }
}
