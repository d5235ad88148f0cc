using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace NewsAlerts.Digests;

public class UnsubscribeTokenTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a-test-key-that-is-long-enough-to-sign-links");
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ATokenNamesTheAddressItWasIssuedForUntilItExpires()
    {
        var expires = Now.AddDays(180);
        var token = UnsubscribeToken.Create("alice@example.com", expires, Key);

        var check = UnsubscribeToken.Verify(token, Key, Now);

        Assert.Equal(UnsubscribeTokenStatus.Valid, check.Status);
        Assert.Equal("alice@example.com", check.Email);
        Assert.Equal(expires.ToUnixTimeSeconds(), check.ExpiresAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public void ATokenIsSafeInAUrlQuery()
    {
        var token = UnsubscribeToken.Create("o'brien+news@example.com", Now.AddDays(1), Key);

        Assert.Equal(token, Uri.EscapeDataString(token));
        Assert.Equal("o'brien+news@example.com", UnsubscribeToken.Verify(token, Key, Now).Email);
    }

    [Fact]
    public void ATokenExpiresAtItsExpiryOnTheClock()
    {
        var clock = new FakeTimeProvider(Now);
        var token = UnsubscribeToken.Create("alice@example.com", clock.GetUtcNow().AddDays(30), Key);

        clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Equal(UnsubscribeTokenStatus.Valid, UnsubscribeToken.Verify(token, Key, clock.GetUtcNow()).Status);

        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = UnsubscribeToken.Verify(token, Key, clock.GetUtcNow());
        Assert.Equal(UnsubscribeTokenStatus.Expired, expired.Status);
        Assert.Equal("alice@example.com", expired.Email);
    }

    [Fact]
    public void ChangingAnyCharacterOfATokenInvalidatesIt()
    {
        var token = UnsubscribeToken.Create("alice@example.com", Now.AddDays(30), Key);
        for (var i = 0; i < token.Length; i++)
        {
            var changed = token.ToCharArray();
            changed[i] = changed[i] == 'A' ? 'B' : 'A';
            var check = UnsubscribeToken.Verify(new string(changed), Key, Now);
            Assert.Equal(UnsubscribeTokenStatus.Invalid, check.Status);
            Assert.Null(check.Email);
        }
    }

    [Fact]
    public void AnotherAddressOrExpiryCannotBorrowATokensSignature()
    {
        var token = UnsubscribeToken.Create("bob@example.com", Now.AddDays(1), Key);
        var mac = token[(token.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var forgedPayload = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Now.AddYears(10).ToUnixTimeSeconds()}:alice@example.com"));

        Assert.Equal(UnsubscribeTokenStatus.Invalid, UnsubscribeToken.Verify(forgedPayload + "." + mac, Key, Now).Status);
    }

    [Fact]
    public void ATokenSignedWithAnotherKeyIsInvalid()
    {
        var token = UnsubscribeToken.Create("alice@example.com", Now.AddDays(30), Encoding.UTF8.GetBytes("another-key-that-is-also-long-enough-to-sign"));

        Assert.Equal(UnsubscribeTokenStatus.Invalid, UnsubscribeToken.Verify(token, Key, Now).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.def")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData("MTIzOmFAYi5j.")]
    public void MalformedTokensAreInvalidWithoutThrowing(string? token)
    {
        Assert.Equal(UnsubscribeTokenStatus.Invalid, UnsubscribeToken.Verify(token, Key, Now).Status);
    }

    [Fact]
    public void AnOverlongTokenIsRefusedBeforeDecoding()
    {
        Assert.Equal(UnsubscribeTokenStatus.Invalid, UnsubscribeToken.Verify(new string('A', UnsubscribeToken.MaxLength + 1), Key, Now).Status);
    }

    [Fact]
    public void SigningNeedsAKeyAndAnAddress()
    {
        Assert.Throws<ArgumentException>(() => UnsubscribeToken.Create("alice@example.com", Now, []));
        Assert.Throws<ArgumentException>(() => UnsubscribeToken.Create(" ", Now, Key));
    }
}
