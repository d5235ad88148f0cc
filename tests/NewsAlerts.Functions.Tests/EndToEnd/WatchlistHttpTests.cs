using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NewsAlerts.Functions.HostProtocol;

namespace NewsAlerts.Functions.EndToEnd;

/// <summary>
/// The watchlist API through the worker's ASP.NET Core integration: the request forwarded to the worker's own
/// HTTP endpoint, answered with the status, content type and body a client gets.
/// </summary>
public sealed class WatchlistHttpTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    [Fact]
    public async Task AWatchlistIsCreatedReplacedListedAndDeleted()
    {
        var body = """{"email":"dana@example.com","name":"Ports","terms":["Rotterdam","dock workers"],"timeZone":"Europe/Amsterdam"}""";

        var (created, _) = await app.Host.InvokeHttpAsync("CreateWatchlist", HttpMethod.Post, "watchlists", body);
        var (replaced, _) = await app.Host.InvokeHttpAsync("CreateWatchlist", HttpMethod.Post, "watchlists", body.Replace("Rotterdam", "Antwerp", StringComparison.Ordinal));
        var (listed, _) = await app.Host.InvokeHttpAsync("ListWatchlists", HttpMethod.Get, "watchlists?email=dana%40example.com");
        var (deleted, deleteInvocation) = await app.Host.InvokeHttpAsync("DeleteWatchlist", HttpMethod.Delete, "watchlists/dana%40example.com/Ports");
        var (gone, _) = await app.Host.InvokeHttpAsync("DeleteWatchlist", HttpMethod.Delete, "watchlists/dana%40example.com/Ports");
        var (empty, _) = await app.Host.InvokeHttpAsync("ListWatchlists", HttpMethod.Get, "watchlists?email=dana%40example.com");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/json", created.Content.Headers.ContentType?.MediaType);
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("dana@example.com", "Ports", "Europe/Amsterdam"), (view.GetProperty("email").GetString(), view.GetProperty("name").GetString(), view.GetProperty("timeZone").GetString()));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var watchlist = Assert.Single((await listed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(["Antwerp", "dock workers"], watchlist.GetProperty("terms").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(deleteInvocation.Succeeded, deleteInvocation.ToString());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no watchlist named \"Ports\"", (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"email":"nope","name":"Ports","terms":[],"timeZone":"Nowhere/City"}""", "email,terms,timeZone")]
    [InlineData("""{"email":"dana@example.com","name":"Korea","query":"nuclear \"Kim Jong-un"}""", "query")]
    [InlineData("""not json""", "body")]
    [InlineData("", "body")]
    public async Task BadInputIsA400ProblemNamingEachField(string body, string fields)
    {
        var (response, invocation) = await app.Host.InvokeHttpAsync("CreateWatchlist", HttpMethod.Post, "watchlists", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(fields, string.Join(',', problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        Assert.True(invocation.Succeeded, "a refused request is an answer, not a failed invocation: " + invocation);
    }

    [Fact]
    public async Task ListingWithoutAnAddressIsA400Problem()
    {
        var (response, _) = await app.Host.InvokeHttpAsync("ListWatchlists", HttpMethod.Get, "watchlists");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));
    }
}
