using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsAlerts.Digests;

namespace NewsAlerts.Digests;

/// <summary>Unsubscribe links across a rotation of the signing key.</summary>
public class UnsubscribeLinksTests
{
    private const string OldKey = "the-key-that-signed-last-months-digests-0001";
    private const string NewKey = "the-key-that-signs-from-today-on-000000000002";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void LinksSignedBeforeARotationKeepWorkingUntilTheyExpire()
    {
        var mailedLastMonth = Links(OldKey).CreateToken("alice@example.com");
        var rotated = Links(NewKey, previous: OldKey);

        Assert.Equal(UnsubscribeTokenStatus.Valid, rotated.Verify(mailedLastMonth)!.Status);
        Assert.Equal("alice@example.com", rotated.Verify(mailedLastMonth)!.Email);
        _time.Advance(TimeSpan.FromDays(181));
        Assert.Equal(UnsubscribeTokenStatus.Expired, rotated.Verify(mailedLastMonth)!.Status);
    }

    [Fact]
    public void NewLinksAreSignedWithTheNewKeyOnly()
    {
        var token = Links(NewKey, previous: OldKey).CreateToken("alice@example.com");

        Assert.Equal(UnsubscribeTokenStatus.Valid, Links(NewKey).Verify(token)!.Status);
        Assert.Equal(UnsubscribeTokenStatus.Invalid, Links(OldKey).Verify(token)!.Status);
    }

    [Fact]
    public void WithoutThePreviousKeyOldLinksStopWorkingAndOtherKeysNeverDid()
    {
        var mailedLastMonth = Links(OldKey).CreateToken("alice@example.com");
        var forged = Links("a-key-nobody-here-has-ever-used-for-links-9").CreateToken("alice@example.com");

        Assert.Equal(UnsubscribeTokenStatus.Invalid, Links(NewKey).Verify(mailedLastMonth)!.Status);
        Assert.Equal(UnsubscribeTokenStatus.Invalid, Links(NewKey, previous: OldKey).Verify(forged)!.Status);
    }

    private UnsubscribeLinks Links(string key, string? previous = null) =>
        new(Options.Create(new DigestsOptions { UnsubscribeSigningKey = key, PreviousUnsubscribeSigningKey = previous }), _time);
}
