using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using NewsAlerts.Articles;
using NewsAlerts.Cli.Bench;
using NewsAlerts.Digests;
using NewsAlerts.Storage;
using NewsAlerts.Testing;

namespace NewsAlerts.Stories;

/// <summary>
/// Story assignment through the real ingest on Azurite, with reports written for these tests: two outlets' own
/// accounts of one event, a wire copy, and other events that share their names.
/// </summary>
public class StoryAssignerTests : StorageTest
{
    private static readonly DateTimeOffset Saturday = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private static readonly Report FerryGazette = new(
        "ferry-gazette.md", "Island Gazette", "Ferry carrying 240 passengers runs aground off Lampedusa",
        "A passenger ferry with 240 people on board ran aground on rocks off the Italian island of Lampedusa early on Saturday, the coast guard said. Rescue boats took everyone off the vessel within three hours and no one was seriously hurt. The ferry, the Stella Marina, had left Porto Empedocle in Sicily late on Friday. Investigators are examining why it strayed from the usual route in calm weather.");

    private static readonly Report FerryHerald = new(
        "ferry-herald.md", "Southern Herald", "Coast guard rescues all aboard stranded Stella Marina",
        "Italian rescuers evacuated every traveller from the Stella Marina after the ship struck a reef near Lampedusa before dawn. The vessel had sailed overnight from Porto Empedocle with its passengers and crew. Officials said a handful of people were treated for minor injuries. Prosecutors in Agrigento have opened an inquiry into the grounding.");

    private static readonly Report LampedusaMayor = new(
        "lampedusa-mayor.md", "Island Gazette", "Lampedusa mayor asks Rome for more reception staff",
        "The mayor of Lampedusa appealed to the government on Thursday for extra staff at the island's reception centre, which is holding three times its capacity after a week of arrivals by sea. Volunteers from Sicily have been sleeping in the town hall to help register new arrivals, the mayor said.");

    private static readonly Report WeberKyiv = new(
        "weber-kyiv.md", "Berlin Daily", "Chancellor Weber arrives in Kyiv with air defence pledge",
        "German Chancellor Anna Weber arrived in Kyiv by overnight train on Tuesday and promised two more air defence systems before winter. Weber met President Oleksandr Marchenko at his office and laid flowers at a memorial for soldiers killed since the invasion. It is her first visit to Ukraine since taking office in the spring.");

    private static readonly Report WeberVisit = new(
        "weber-visit.md", "Kyiv Post-Dispatch", "Weber promises Ukraine new air defences on surprise visit",
        "On her first trip to Ukraine as chancellor, Anna Weber told President Marchenko in Kyiv that Berlin would deliver two further air defence batteries before the cold months. The visit was not announced in advance for security reasons; Weber travelled by rail from Poland.");

    private static readonly Report RotterdamGazette = new(
        "rotterdam-gazette.md", "Harbour Gazette", "Rotterdam dock workers strike over night-shift pay",
        "Dock workers at the port of Rotterdam began a 48-hour strike on Monday morning after talks over night-shift pay broke down late on Sunday. The union said about 4,000 members had stopped work at the container terminals on the Maasvlakte. Shipping lines warned that vessels due this week could be diverted to Antwerp or Hamburg. Talks are due to resume on Wednesday with a mediator appointed by the ministry.");

    private static readonly Report RotterdamWire = new(
        "rotterdam-wire.md", "Wire", "Strike halts Rotterdam container terminals",
        "ROTTERDAM (Wire) - Dock workers at the port of Rotterdam began a 48-hour strike on Monday morning after talks over night-shift pay broke down late on Sunday. The union said about 4,000 members had stopped work at the container terminals on the Maasvlakte. Talks are due to resume on Wednesday. (Reporting by the wire desk; editing by the night editor)");

    [Fact]
    public async Task TwoOutletsReportingOneEventInTheirOwnWordsShareAStory()
    {
        var gazette = await StoryOfAsync(FerryGazette);
        var herald = await StoryOfAsync(FerryHerald, hours: 2);

        Assert.Equal(gazette, herald);
    }

    [Fact]
    public async Task AWireCopyJoinsItsOriginal()
    {
        Assert.Equal(await StoryOfAsync(RotterdamGazette), await StoryOfAsync(RotterdamWire, hours: 1));
    }

    [Fact]
    public async Task AnotherEventThatSharesItsPlaceIsAnotherStory()
    {
        var ferry = await StoryOfAsync(FerryGazette);
        var mayor = await StoryOfAsync(LampedusaMayor, hours: 20);

        Assert.NotEqual(ferry, mayor);
    }

    [Fact]
    public async Task ProcessingAnArticleAgainKeepsItsStory()
    {
        var first = await StoryOfAsync(FerryGazette);
        await StoryOfAsync(FerryHerald, hours: 1);

        await IngestAsync(FerryGazette.Name);
        await IngestAsync(FerryHerald.Name);

        Assert.All(await ArticlesAsync(), a => Assert.Equal(first, a.Story));
        Assert.Equal(1, await CountAsync(Storage.Table("Stories")));
    }

    [Fact]
    public async Task AStoryStaysOpenWhileItKeepsReceivingArticlesAndClosesAWindowAfterItsLatest()
    {
        var window = TimeSpan.FromHours(new StoriesOptions().WindowHours);
        var first = await StoryOfAsync(FerryGazette);

        // Each report comes just inside the window after the one before: the story is older than the window by then.
        var second = await StoryOfAsync(FerryHerald, hours: window.TotalHours - 1);
        var third = await StoryOfAsync(FerryGazette with { Name = "ferry-gazette-inquiry.md" }, hours: (2 * window.TotalHours) - 2);
        var afterSilence = await StoryOfAsync(FerryHerald with { Name = "ferry-herald-anniversary.md" }, hours: (3 * window.TotalHours) + 24);

        Assert.Equal([first, first], [second, third]);
        Assert.NotEqual(first, afterSilence);
    }

    [Fact]
    public async Task ATitleOnlyReportJoinsByItsTitle()
    {
        var story = await StoryOfAsync(FerryGazette);
        await AddTitleOnlyAsync("ferry-headline.md", "Stella Marina ferry aground off Lampedusa, all 240 rescued");

        await IngestAsync("ferry-headline.md");

        Assert.Equal(story, (await ArticlesAsync()).Single(a => a.Name == "ferry-headline.md").Story);
    }

    [Fact]
    public async Task AColdInstanceFindsTheStoryThroughTheTermIndex()
    {
        var story = await StoryOfAsync(FerryGazette);
        await using var cold = await TestStorage.StartAsync(await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox));
        await UploadAsync(FerryHerald, hours: 2);

        var result = await cold.Get<ArticleIngestor>().IngestAsync(FerryHerald.Name);

        Assert.Equal(story, (await ArticlesAsync()).Single(a => a.Id == result.ArticleId).Story);
    }

    [Fact]
    public async Task TwoInstancesStartingOneEventsStoryAtOnceEndWithOneStoryInTheDigest()
    {
        await AddWatchlistAsync("reader@example.com", "News", "Lampedusa", "Weber", "Rotterdam");
        Report[][] events = [[FerryGazette, FerryHerald], [WeberKyiv, WeberVisit], [RotterdamGazette, RotterdamWire]];
        foreach (var report in events.SelectMany(e => e))
        {
            await UploadAsync(report);
        }

        // Every story row is written only once all six articles have looked for their story and found none: each
        // event's two reports, one on each instance, start a story of their own at the same moment.
        var gate = new StoryCreationGate(arrivals: 6);
        await using var first = await TestStorage.StartAsync(await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox), gate.Install);
        await using var second = await TestStorage.StartAsync(await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox), gate.Install);
        await Task.WhenAll(events.SelectMany(e => new[]
        {
            first.Get<ArticleIngestor>().IngestAsync(e[0].Name),
            second.Get<ArticleIngestor>().IngestAsync(e[1].Name),
        }));

        var assigner = Storage.Get<StoryAssigner>();
        var articles = await ArticlesAsync();
        var stories = new List<string>();
        foreach (var pair in events)
        {
            var resolved = await Task.WhenAll(pair.Select(r => assigner.ResolveAsync(articles.Single(a => a.Name == r.Name).Story!)));
            Assert.Equal(resolved[0], resolved[1]);
            stories.Add(resolved[0]);
        }

        Assert.Equal(3, stories.Distinct().Count());
        Assert.Equal(3, (await RowsAsync(Storage.Table("Stories"))).Count(s => s.GetString("MergedInto") is { Length: > 0 }));
        var digest = await Storage.Get<DigestPreview>().ComposeAsync("reader@example.com");
        Assert.Equal(3, digest!.Stories.Count);
        Assert.All(digest.Stories, s => Assert.Equal(2, s.Sources.Count));
    }

    [Fact]
    public async Task AColdInstanceMakesTheSameRequestsForAnArticleHoweverManyStoriesShareItsWords()
    {
        var counts = new List<int>();
        var made = 0;
        foreach (var stories in new[] { 20, 60 })
        {
            // Stories of different councils: each names its own town and mayor, all share the topic words.
            var assigner = Storage.Get<StoryAssigner>();
            for (; made < stories; made++)
            {
                await assigner.AssignAsync($"c{made}", $"{Name(made)} council approves budget", Council(made), Saturday.AddHours(made));
            }

            var counter = new StorageRequestCounter("t" + Storage.Id);
            await using var cold = await TestStorage.StartAsync(await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox), counter.Install);
            await cold.Get<StoryAssigner>().AssignAsync("new", $"{Name(999)} council approves budget", Council(999), Saturday.AddHours(made));
            counts.Add(counter.ByKind.Where(kind => kind.Key.Contains(" table Stor", StringComparison.Ordinal)).Sum(kind => kind.Value));
        }

        // Each lookup term a query, at most the candidates' reads, the story's row and index rows, the second look.
        Assert.Equal(counts[0], counts[1]);
        Assert.InRange(counts[1], 1, StoryVector.LookupTerms + StoryVector.MaxCandidates + 1 + StoryCentroid.IndexedTerms + StoryVector.LookupTerms);
    }

    private async Task<string> StoryOfAsync(Report report, double hours = 0)
    {
        await UploadAsync(report, hours);
        await IngestAsync(report.Name);
        return (await ArticlesAsync()).Single(a => a.Name == report.Name).Story!;
    }

    private Task UploadAsync(Report report, double hours = 0) => UploadAsync(
        report.Name,
        $"---\ntitle: {report.Title}\nsource: {report.Source}\nurl: https://{report.Source.Replace(' ', '-').ToLowerInvariant()}.example/{report.Name}\n---\n\n{report.Body}",
        new Dictionary<string, string> { ["published"] = Saturday.AddHours(hours).ToString("O") });

    private Task AddTitleOnlyAsync(string name, string title) => UploadAsync(name, $"---\ntitle: {title}\n---\n", new Dictionary<string, string> { ["published"] = Saturday.AddHours(3).ToString("O") });

    private static async Task<int> CountAsync(TableClient table) => (await RowsAsync(table)).Count;

    private static async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private sealed record Report(string Name, string Source, string Title, string Body);

    private static string Name(int i)
    {
        string[] syllables = ["ka", "lo", "mi", "ru", "te", "va", "zo", "ni", "bre", "dus"];
        return string.Concat(char.ToUpperInvariant(syllables[i % 10][0]), syllables[i % 10][1..], syllables[i / 10 % 10], syllables[i / 100 % 10], "ford");
    }

    private static string Council(int i) =>
        $"The {Name(i)} town council approved next year's budget on Monday after a long vote. Mayor {Name(i + 500)} said local taxes would not rise, and the council agreed to spend more on roads and schools.";

    /// <summary>Holds every instance's first writes of story rows until <c>arrivals</c> of them are waiting.</summary>
    private sealed class StoryCreationGate(int arrivals) : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;

        public void Install(IServiceCollection services) =>
            services.AddAzureClients(clients => clients.ConfigureDefaults(options => options.AddPolicy(this, HttpPipelinePosition.PerCall)));

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("the app's storage calls are asynchronous");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("Stories", StringComparison.Ordinal) && !_open.Task.IsCompleted)
            {
                if (Interlocked.Increment(ref _waiting) == arrivals)
                {
                    _open.SetResult();
                }

                await _open.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
