using NewsAlerts.Matching;

namespace NewsAlerts.Watchlists;

public class WatchlistTests
{
    [Fact]
    public void DefinitionCarriesEverythingTheEngineMatchesBy()
    {
        var query = new Watchlist("a@example.com", "Visits", [], "visit NEAR/3 Seoul", Stem: true);
        var terms = new Watchlist("b@example.com", "Ports", ["Rotterdam", "dock workers"]);

        var matches = WatchlistMatcher.Compile([query.ToDefinition(), terms.ToDefinition()])
            .Match("Dock workers strike", "The minister visited Seoul, then Rotterdam.");

        Assert.Equal([("a@example.com", "Visits"), ("b@example.com", "Ports")], matches.Select(m => (m.Email, m.Watchlist)));
        Assert.Equal(["visit", "Seoul"], matches[0].Terms);
        Assert.Equal(["dock workers", "Rotterdam"], matches[1].Terms);
    }
}
