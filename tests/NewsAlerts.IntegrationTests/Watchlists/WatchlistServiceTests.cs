using NewsAlerts.Watchlists;

namespace NewsAlerts.Watchlists;

public class WatchlistServiceTests : StorageTest
{
    private WatchlistService Service => Storage.Get<WatchlistService>();

    [Fact]
    public async Task AddListAndRemove()
    {
        await Service.AddAsync("alice@example.com", "Energy", ["solar", "wind power"], "Europe/Amsterdam");
        await Service.AddAsync("Alice@Example.com", "Ports", ["Rotterdam"]);
        await Service.AddAsync("bob@example.com", "Markets", ["inflation"]);

        var all = await Service.ListAsync();
        Assert.Equal(["alice@example.com", "bob@example.com"], all.Select(s => s.Subscriber.Email));
        Assert.Equal(["Energy", "Ports"], all[0].Watchlists.Select(w => w.Name));
        Assert.Equal("Europe/Amsterdam", all[0].Subscriber.TimeZone);
        Assert.Equal("UTC", all[1].Subscriber.TimeZone);

        Assert.True(await Service.RemoveAsync("alice@example.com", "energy"));
        Assert.False(await Service.RemoveAsync("alice@example.com", "energy"));
        Assert.Equal(["Ports"], (await Service.ListAsync("alice@example.com"))[0].Watchlists.Select(w => w.Name));
    }

    [Fact]
    public async Task AddingANameThatExistsReplacesItsTerms()
    {
        await Service.AddAsync("alice@example.com", "Energy", ["solar"]);
        await Service.AddAsync("alice@example.com", "energy", ["wind"]);
        Assert.Equal(["wind"], Assert.Single(Assert.Single(await Service.ListAsync()).Watchlists).Terms);
    }

    [Fact]
    public async Task AddingSaysWhetherTheWatchlistIsNewOrReplacedOneOfTheSameName()
    {
        var created = await Service.AddAsync("alice@example.com", "Energy", ["solar"], "Europe/Paris");
        var replaced = await Service.AddAsync("ALICE@example.com", " energy ", ["wind"]);
        var another = await Service.AddAsync("alice@example.com", "Ports", ["Rotterdam"]);

        Assert.True(created.Created);
        Assert.Equal(("alice@example.com", "Europe/Paris", "Energy"), (created.Subscriber.Email, created.Subscriber.TimeZone, created.Watchlist.Name));
        Assert.False(replaced.Created);
        Assert.Equal(["wind"], replaced.Watchlist.Terms);
        Assert.True(another.Created);
    }

    [Fact]
    public async Task FindingASubscriberGivesTheirWatchlistsNothingForAStrangerAndRefusesABadAddress()
    {
        await Service.AddAsync("alice@example.com", "Energy", ["solar"]);
        await Service.AddAsync("bob@example.com", "Ports", ["Rotterdam"]);

        var alice = await Service.FindAsync("Alice@Example.com");
        var stranger = await Service.FindAsync("carol@example.com");
        var error = await Assert.ThrowsAsync<ValidationException>(() => Service.FindAsync("alice"));

        Assert.Equal(["Energy"], alice!.Watchlists.Select(w => w.Name));
        Assert.Null(stranger);
        Assert.Equal("email", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public async Task InvalidWatchlistStoresNothing()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Service.AddAsync("alice@example.com", "Energy", [], "Mars/Base"));
        Assert.Equal(["timeZone", "terms"], error.Errors.Select(e => e.Field));
        Assert.Empty(await Service.ListAsync());
    }

    [Fact]
    public async Task MatcherIsRebuiltOnlyWhenWatchlistsChange()
    {
        var catalog = Storage.Get<WatchlistCatalog>();
        await Service.AddAsync("alice@example.com", "Energy", ["solar"]);
        var first = await catalog.GetMatcherAsync();
        Assert.Same(first, await catalog.GetMatcherAsync());

        await Service.AddAsync("bob@example.com", "Ports", ["Rotterdam"]);
        var second = await catalog.GetMatcherAsync();

        Assert.NotSame(first, second);
        Assert.Equal(2, second.WatchlistCount);
        Assert.Single(second.Match("Rotterdam", "Port news"));
    }

    [Fact]
    public async Task ChangesMadeByAnotherHostReachThisHostsMatcher()
    {
        var catalog = Storage.Get<WatchlistCatalog>();
        Assert.Equal(0, (await catalog.GetMatcherAsync()).WatchlistCount);
        var settings = await Testing.TestStorage.SettingsAsync(Storage.Id, Storage.Outbox);
        await using (var other = await Testing.TestStorage.StartAsync(settings))
        {
            await other.Get<WatchlistService>().AddAsync("bob@example.com", "Ports", ["Rotterdam"]);
        }

        Assert.Equal(1, (await catalog.GetMatcherAsync()).WatchlistCount);
    }
}
