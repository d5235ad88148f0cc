using System.Text.Json;
using NewsAlerts.Functions.Support;
using NewsAlerts.Functions.Watchlists;
using NewsAlerts.Testing;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Functions;

/// <summary>The watchlists HTTP API, from request to what goes on the wire, over Azurite-backed Core.</summary>
public class WatchlistFunctionTests
{
    [Fact]
    public async Task CreatingAWatchlistAnswers201WithItAndReplacingItAnswers200()
    {
        await using var storage = await TestStorage.StartAsync();
        var create = new CreateWatchlist(storage.Get<WatchlistService>());

        var created = await PostAsync(create, storage, """{"email":"alice@example.com","name":"Ports","terms":["Rotterdam","Antwerp"],"timeZone":"Europe/Paris"}""");
        var replaced = await PostAsync(create, storage, """{"email":"alice@example.com","name":"ports","terms":["Hamburg"]}""");

        Assert.Equal(201, created.StatusCode);
        Assert.StartsWith("application/json", created.ContentType, StringComparison.Ordinal);
        Assert.Equal("Ports", created.Json.GetProperty("name").GetString());
        Assert.Equal(["Rotterdam", "Antwerp"], created.Json.GetProperty("terms").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Europe/Paris", created.Json.GetProperty("timeZone").GetString());
        Assert.Equal(200, replaced.StatusCode);
        Assert.Equal(["Hamburg"], replaced.Json.GetProperty("terms").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Europe/Paris", replaced.Json.GetProperty("timeZone").GetString());
    }

    [Theory]
    [InlineData("""{"email":"alice@example.com","name":"Ports","terms":[]}""", "terms")]
    [InlineData("""{"email":"alice@example.com","name":"Ports"}""", "terms")]
    [InlineData("""{"email":"not-an-address","name":"Ports","terms":["Rotterdam"]}""", "email")]
    [InlineData("""{"email":"alice@example.com","name":"Ports","terms":["Rotterdam"],"timeZone":"Mars/Olympus_Mons"}""", "timeZone")]
    [InlineData("""{"email":"alice@example.com","name":"","terms":["Rotterdam"]}""", "name")]
    [InlineData("""{"email":"alice@example.com","terms":"Rotterdam"}""", "body")]
    [InlineData("""{"email":"alice@example.com","name":"Ports","query":"nuclear \"Kim Jong-un"}""", "query")]
    [InlineData("""{"email":"alice@example.com","name":"Ports","terms":["x"],"frequency":"hourly"}""", "frequency")]
    [InlineData("""{"email":"alice@example.com","name":"Ports","terms":["x"],"frequency":"weekly","day":"funday"}""", "day")]
    [InlineData("""{"email":"alice@example.com","name":"Ports","terms":["x"],"frequency":"daily","at":"8 am"}""", "at")]
    [InlineData("not json", "body")]
    [InlineData("", "body")]
    public async Task ABadWatchlistIsRefusedWithProblemDetailsNamingTheField(string body, string field)
    {
        await using var storage = await TestStorage.StartAsync();

        var answer = await PostAsync(new CreateWatchlist(storage.Get<WatchlistService>()), storage, body);

        Assert.Equal(400, answer.StatusCode);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal(400, answer.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("title").GetString()));
        var errors = answer.Json.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
        Assert.All(errors.GetProperty(field).EnumerateArray(), message => Assert.False(string.IsNullOrWhiteSpace(message.GetString())));
        Assert.Empty(await storage.Get<WatchlistService>().ListAsync());
    }

    [Fact]
    public async Task AQueryWatchlistWithAScheduleIsCreated()
    {
        await using var storage = await TestStorage.StartAsync();

        var created = await PostAsync(new CreateWatchlist(storage.Get<WatchlistService>()), storage,
            """{"email":"alice@example.com","name":"Korea","query":"\"Kim Jong-un\" visit*","stem":true,"frequency":"weekly","day":"friday","at":"18:30","timeZone":"Asia/Seoul"}""");

        Assert.Equal(201, created.StatusCode);
        Assert.Equal("\"Kim Jong-un\" visit*", created.Json.GetProperty("query").GetString());
        Assert.True(created.Json.GetProperty("stem").GetBoolean());
        Assert.Equal(("weekly", "18:30", "friday"), (created.Json.GetProperty("frequency").GetString(), created.Json.GetProperty("at").GetString(), created.Json.GetProperty("day").GetString()));
    }

    [Fact]
    public async Task AnInvalidQueryIsRefusedWithItsPositionAndReason()
    {
        await using var storage = await TestStorage.StartAsync();

        var answer = await PostAsync(new CreateWatchlist(storage.Get<WatchlistService>()), storage, """{"email":"alice@example.com","name":"Korea","query":"nuclear \"Kim Jong-un"}""");

        Assert.Equal(400, answer.StatusCode);
        var message = answer.Json.GetProperty("errors").GetProperty("query")[0].GetString();
        Assert.Equal("unbalanced quote at 9", message);
    }

    [Fact]
    public async Task EveryProblemInARequestIsReported()
    {
        await using var storage = await TestStorage.StartAsync();

        var answer = await PostAsync(new CreateWatchlist(storage.Get<WatchlistService>()), storage, """{"email":"nope","name":"Ports","terms":[],"timeZone":"Nowhere/City"}""");

        Assert.Equal(["email", "terms", "timeZone"], answer.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListingGivesTheSubscribersWatchlistsOnly()
    {
        await using var storage = await TestStorage.StartAsync();
        var watchlists = storage.Get<WatchlistService>();
        await watchlists.AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        await watchlists.AddAsync("alice@example.com", "Energy", ["offshore wind"]);
        await watchlists.AddAsync("bob@example.com", "Ports", ["Antwerp"]);
        var list = new ListWatchlists(storage.Get<WatchlistService>());

        var alice = await Http.ExecuteAsync(await list.RunAsync(Http.Request("GET", "?email=alice%40example.com"), new TestFunctionContext(storage.Services)));
        var nobody = await Http.ExecuteAsync(await list.RunAsync(Http.Request("GET", "?email=carol%40example.com"), new TestFunctionContext(storage.Services)));
        var missing = await Http.ExecuteAsync(await list.RunAsync(Http.Request("GET"), new TestFunctionContext(storage.Services)));

        Assert.Equal(200, alice.StatusCode);
        Assert.Equal(["Energy", "Ports"], alice.Json.EnumerateArray().Select(w => w.GetProperty("name").GetString()));
        Assert.All(alice.Json.EnumerateArray(), w => Assert.Equal("alice@example.com", w.GetProperty("email").GetString()));
        Assert.Equal(200, nobody.StatusCode);
        Assert.Equal(JsonValueKind.Array, nobody.Json.ValueKind);
        Assert.Equal(0, nobody.Json.GetArrayLength());
        Assert.Equal(400, missing.StatusCode);
        Assert.True(missing.Json.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task DeletingAWatchlistAnswers204ThenNotFound()
    {
        await using var storage = await TestStorage.StartAsync();
        await storage.Get<WatchlistService>().AddAsync("alice@example.com", "Ports", ["Rotterdam"]);
        var delete = new DeleteWatchlist(storage.Get<WatchlistService>());

        var first = await Http.ExecuteAsync(await delete.RunAsync(Http.Request("DELETE"), "alice@example.com", "Ports", new TestFunctionContext(storage.Services)));
        var second = await Http.ExecuteAsync(await delete.RunAsync(Http.Request("DELETE"), "alice@example.com", "Ports", new TestFunctionContext(storage.Services)));
        var invalid = await Http.ExecuteAsync(await delete.RunAsync(Http.Request("DELETE"), "alice", "Ports", new TestFunctionContext(storage.Services)));

        Assert.Equal(204, first.StatusCode);
        Assert.Empty(first.Body);
        Assert.Equal(404, second.StatusCode);
        Assert.StartsWith("application/problem+json", second.ContentType, StringComparison.Ordinal);
        Assert.Contains("Ports", second.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, invalid.StatusCode);
        Assert.Empty(Assert.Single(await storage.Get<WatchlistService>().ListAsync()).Watchlists);
    }

    private static async Task<HttpAnswer> PostAsync(CreateWatchlist function, TestStorage storage, string body) =>
        await Http.ExecuteAsync(await function.RunAsync(Http.Request("POST", body: body), new TestFunctionContext(storage.Services)));
}
