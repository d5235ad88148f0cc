using NewsAlerts.Articles;
using NewsAlerts.Stories;
using NewsAlerts.Testing;

namespace NewsAlerts.Stories;

public class StoryIndexTests : StorageTest
{
    // Written for these tests: one event told by two outlets, and another event on the same topic.
    private const string HarbourGazette = "Dock workers at the port of Rotterdam began a 48-hour strike on Monday morning after talks over night-shift pay broke down late on Sunday. The union said about 4,000 members had stopped work at the container terminals on the Maasvlakte. Shipping lines warned that vessels due this week could be diverted to Antwerp or Hamburg. The port authority said tankers and bulk cargo were not affected, because those terminals are covered by a separate agreement. Talks are due to resume on Wednesday with a mediator appointed by the ministry.";
    private const string WireCopy = "ROTTERDAM (Wire) - Dock workers at the port of Rotterdam began a 48-hour strike on Monday morning after talks over night-shift pay broke down late on Sunday. The union said about 4,000 members had stopped work at the container terminals on the Maasvlakte. Shipping lines warned that vessels due this week could be diverted to Antwerp or Hamburg. Talks are due to resume on Wednesday. (Reporting by the wire desk; editing by the night editor)";
    private const string OtherStrike = "Port workers in Antwerp voted on Friday to accept a new three-year contract, ending a month of talks over automation at the container terminals. The union said the deal guarantees that no crane operator will lose their job when remote-controlled cranes arrive next year, and raises night pay by six percent.";

    private async Task<string?> StoryOfAsync(string name, string text)
    {
        await UploadAsync(name, "Title\n\n" + text);
        await IngestAsync(name);
        return (await ArticlesAsync()).Single(a => a.Name == name).Story;
    }

    [Fact]
    public async Task SameEventFromAnotherOutletJoinsTheStory()
    {
        var first = await StoryOfAsync("gazette.txt", HarbourGazette);
        var second = await StoryOfAsync("wire.txt", WireCopy);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task AnotherEventOnTheSameTopicIsAnotherStory()
    {
        var first = await StoryOfAsync("gazette.txt", HarbourGazette);
        var other = await StoryOfAsync("antwerp.txt", OtherStrike);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task ReprocessingKeepsTheStory()
    {
        var first = await StoryOfAsync("gazette.txt", HarbourGazette);
        await IngestAsync("gazette.txt");
        Assert.Equal(first, Assert.Single(await ArticlesAsync()).Story);
    }

    [Fact]
    public async Task ArticleOutsideTheWindowStartsANewStory()
    {
        var first = await StoryOfAsync("gazette.txt", HarbourGazette);
        Storage.Time.Advance(TimeSpan.FromHours(73));
        var later = await StoryOfAsync("wire.txt", WireCopy);
        Assert.NotEqual(first, later);
    }

    [Fact]
    public async Task AnArticleProcessedOnAnotherHostIsFound()
    {
        var first = await StoryOfAsync("gazette.txt", HarbourGazette);
        var settings = await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox);
        await using var other = await TestStorage.StartAsync(settings);
        other.Time.SetUtcNow(Storage.Time.GetUtcNow());
        await UploadAsync("wire.txt", "Title\n\n" + WireCopy);

        var result = await other.Get<ArticleIngestor>().IngestAsync("wire.txt");

        Assert.Equal(first, (await ArticlesAsync()).Single(a => a.Id == result.ArticleId).Story);
    }
}
