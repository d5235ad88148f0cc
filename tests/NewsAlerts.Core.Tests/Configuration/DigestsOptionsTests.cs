using NewsAlerts.Digests;

namespace NewsAlerts.Configuration;

public class DigestsOptionsTests
{
    private static List<string> Failures(DigestsOptions options) => new DigestsOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void NothingSetIsValidSoTheCliRunsWithoutAKey()
    {
        Assert.Empty(Failures(new DigestsOptions()));
        Assert.False(new DigestsOptions().CanSign);
        Assert.Empty(Failures(new DigestsOptions { UnsubscribeSigningKey = string.Empty, PublicBaseUrl = string.Empty }));
    }

    [Fact]
    public void AGoodKeyAndUrlAreValid()
    {
        Assert.Empty(Failures(new DigestsOptions
        {
            UnsubscribeSigningKey = new string('k', DigestsOptions.MinimumKeyLength),
            PublicBaseUrl = "https://newsalerts.azurewebsites.net",
        }));
    }

    [Fact]
    public void EachWrongSettingIsNamedByItsKey()
    {
        var failures = Failures(new DigestsOptions
        {
            UnsubscribeSigningKey = "short",
            PublicBaseUrl = "newsalerts.example.com/api?x=1",
            UnsubscribeTokenLifetime = TimeSpan.FromMinutes(5),
        });
        Assert.Collection(
            failures,
            f => Assert.StartsWith("Digests:UnsubscribeSigningKey must be at least 32 characters", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Digests:PublicBaseUrl \"newsalerts.example.com/api?x=1\"", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Digests:UnsubscribeTokenLifetime", f, StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnresolvedKeyVaultReferenceIsNotAcceptedAsTheKey()
    {
        var failure = Assert.Single(Failures(new DigestsOptions
        {
            UnsubscribeSigningKey = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/unsubscribe-signing-key/)",
        }));
        Assert.StartsWith("Digests:UnsubscribeSigningKey is an unresolved Key Vault reference", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/api")]
    [InlineData("https://example.com/api?code=1")]
    [InlineData("https://example.com/api#top")]
    [InlineData("/api")]
    public void PublicBaseUrlMustBeAnAbsoluteHttpUrlWithoutQuery(string url)
    {
        Assert.Single(Failures(new DigestsOptions { PublicBaseUrl = url }));
    }

    [Fact]
    public void APreviousKeyIsCheckedLikeTheKeyAndNeedsACurrentOne()
    {
        var current = new string('k', DigestsOptions.MinimumKeyLength);

        Assert.Empty(Failures(new DigestsOptions { UnsubscribeSigningKey = current, PreviousUnsubscribeSigningKey = new string('p', DigestsOptions.MinimumKeyLength) }));
        Assert.StartsWith(
            "Digests:PreviousUnsubscribeSigningKey must be at least 32 characters",
            Assert.Single(Failures(new DigestsOptions { UnsubscribeSigningKey = current, PreviousUnsubscribeSigningKey = "short" })),
            StringComparison.Ordinal);
        Assert.StartsWith(
            "Digests:PreviousUnsubscribeSigningKey is set without Digests:UnsubscribeSigningKey",
            Assert.Single(Failures(new DigestsOptions { PreviousUnsubscribeSigningKey = new string('p', DigestsOptions.MinimumKeyLength) })),
            StringComparison.Ordinal);
    }
}
