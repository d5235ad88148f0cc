using NewsAlerts.Watchlists;

namespace NewsAlerts.Watchlists;

public class WatchlistRulesTests
{
    private static ValidationException Invalid(string? email = "a@example.com", string? name = "W", string[]? terms = null, string? timeZone = "UTC") =>
        Assert.Throws<ValidationException>(() => WatchlistRules.Validate(email, name, terms ?? ["term"], timeZone));

    [Fact]
    public void WatchlistWithNoTermsIsRefused()
    {
        var error = Assert.Single(Invalid(terms: []).Errors);
        Assert.Equal(new ValidationError("terms", "a watchlist needs at least one term, or a query"), error);
        Assert.Equal("terms", Assert.Single(Invalid(terms: ["  ", ""]).Errors).Field);
    }

    [Fact]
    public void TermWithoutLettersOrDigitsIsRefused()
    {
        Assert.Equal("term \"!!!\" has no letters or digits to match", Assert.Single(Invalid(terms: ["ok", "!!!"]).Errors).Message);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("Alice <alice@example.com>")]
    [InlineData("alice@example.com.")]
    [InlineData("two@@example.com")]
    public void InvalidEmailIsRefusedNamingTheAddress(string email)
    {
        var error = Assert.Single(Invalid(email: email).Errors);
        Assert.Equal("email", error.Field);
        Assert.Equal($"\"{email}\" is not a valid email address", error.Message);
    }

    [Fact]
    public void UnknownTimeZoneIsRefused()
    {
        var error = Assert.Single(Invalid(timeZone: "Mars/Olympus_Mons").Errors);
        Assert.Equal("timeZone", error.Field);
        Assert.StartsWith("\"Mars/Olympus_Mons\" is not a known IANA time zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemIsReportedNotOnlyTheFirst()
    {
        var errors = Assert.Throws<ValidationException>(() => WatchlistRules.Validate("nope", "", [], "Nowhere/City")).Errors;
        Assert.Equal(["email", "timeZone", "name", "terms"], errors.Select(e => e.Field));
    }

    [Fact]
    public void ValidInputIsCleaned()
    {
        var (watchlist, subscriber) = WatchlistRules.Validate(" alice@example.com ", " Energy ", ["solar", " Solar ", "wind power"], "Europe/Amsterdam");
        Assert.Equal("alice@example.com", watchlist.Email);
        Assert.Equal("Energy", watchlist.Name);
        Assert.Equal(["solar", "wind power"], watchlist.Terms);
        Assert.Equal("Europe/Amsterdam", subscriber.TimeZone);
    }

    [Fact]
    public void MissingTimeZoneMeansUtc()
    {
        Assert.Equal("UTC", WatchlistRules.Validate("a@example.com", "W", ["t"], null).Subscriber.TimeZone);
    }

    private static IReadOnlyList<ValidationError> ScheduleErrors(string? frequency, string? at, string? day) =>
        Assert.Throws<ValidationException>(() => WatchlistRules.Validate(new WatchlistRequest { Email = "a@example.com", Name = "W", Terms = ["t"], Frequency = frequency, At = at, Day = day })).Errors;

    [Theory]
    [InlineData("hourly", null, null, "frequency", "\"hourly\" is not a digest frequency: use immediate, daily or weekly")]
    [InlineData("1", null, null, "frequency", "\"1\" is not a digest frequency: use immediate, daily or weekly")]
    [InlineData("daily", "25:00", null, "at", "\"25:00\" is not a time of day as HH:mm (for example 08:00 or 18:30)")]
    [InlineData("weekly", "08:00", "funday", "day", "\"funday\" is not a day of the week (monday to sunday)")]
    [InlineData("immediate", "08:00", null, "at", "a time of day applies to daily and weekly digests, not immediate ones")]
    [InlineData("daily", "08:00", "monday", "day", "a day of the week applies to weekly digests only")]
    public void InvalidScheduleIsRefusedNamingTheField(string? frequency, string? at, string? day, string field, string message)
    {
        Assert.Equal(new ValidationError(field, message), Assert.Single(ScheduleErrors(frequency, at, day)));
    }

    [Fact]
    public void ScheduleSettingsGivenAreReportedAndTheRestLeftOpen()
    {
        var validated = WatchlistRules.Validate(new WatchlistRequest { Email = "a@example.com", Name = "W", Terms = ["t"], Frequency = "Weekly", At = "7:30", Day = "FRIDAY", TimeZone = "Asia/Kolkata" });
        Assert.Equal(new WatchlistRules.ScheduleSettings(Digests.DigestFrequency.Weekly, new TimeOnly(7, 30), DayOfWeek.Friday, "Asia/Kolkata"), validated.Given);
        Assert.Equal("weekly on Friday at 07:30 Asia/Kolkata", validated.Subscriber.Schedule.Describe());

        var bare = WatchlistRules.Validate(new WatchlistRequest { Email = "a@example.com", Name = "W", Terms = ["t"] });
        Assert.Equal(new WatchlistRules.ScheduleSettings(null, null, null, null), bare.Given);
    }

    [Fact]
    public void QueryIsParsedAndAnInvalidOneIsRefusedWithReasonAndPosition()
    {
        var (watchlist, _) = WatchlistRules.Validate("a@example.com", "Korea", [], " \"Kim Jong-un\" visit ", stem: true, "UTC");
        Assert.Equal(("\"Kim Jong-un\" visit", true), (watchlist.Query, watchlist.Stem));
        Assert.Empty(watchlist.Terms);

        var error = Assert.Single(Assert.Throws<ValidationException>(() => WatchlistRules.Validate("a@example.com", "W", null, "nuclear test \"Kim Jong-un", false, "UTC")).Errors);
        Assert.Equal(new ValidationError("query", "unbalanced quote at 14"), error);
        Assert.Equal("unbalanced quote at 14", Assert.Throws<ValidationException>(() => WatchlistRules.ValidateQuery("nuclear test \"Kim Jong-un")).Message);
        Assert.Equal("the query is empty at 1", Assert.Throws<ValidationException>(() => WatchlistRules.ValidateQuery("  ")).Message);
    }

    [Fact]
    public void TermsAndQueryTogetherAreRefused()
    {
        var error = Assert.Single(Assert.Throws<ValidationException>(() => WatchlistRules.Validate("a@example.com", "W", ["kim"], "kim", false, "UTC")).Errors);
        Assert.Equal(new ValidationError("query", "give either terms or a query, not both"), error);
    }
}
