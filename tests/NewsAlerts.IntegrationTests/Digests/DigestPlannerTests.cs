using Azure.Data.Tables;
using NewsAlerts.Digests;
using NewsAlerts.Storage;
using NewsAlerts.Testing;

namespace NewsAlerts.Digests;

public class DigestPlannerTests : StorageTest
{
    private async Task SubscribeAsync(string email, string frequency = "immediate", string at = "08:00", string day = "Monday", string timeZone = "UTC")
    {
        await AddWatchlistAsync(email, "W", "term");
        var subscriber = (await Storage.Table("Subscribers").GetEntityAsync<SubscriberEntity>(TableKeys.Subscriber(email), SubscriberEntity.Row)).Value;
        subscriber.Frequency = frequency;
        subscriber.DeliverAt = at;
        subscriber.DeliverDay = day;
        subscriber.TimeZone = timeZone;
        await Storage.Table("Subscribers").UpdateEntityAsync(subscriber, subscriber.ETag, TableUpdateMode.Replace);
    }

    private async Task<List<DigestRequest>> DrainQueueAsync()
    {
        var requests = new List<DigestRequest>();
        var queue = Storage.Get<NewsAlertsStorage>().DigestQueue;
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                requests.Add(DigestRequest.Parse(message.MessageText));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return requests;
    }

    [Fact]
    public async Task DailySubscriberIsPlannedOncePerDayAtTheirLocalTime()
    {
        // Created on 24 November at 10:00 Paris time, after that day's 08:00: the first digest is the next day's.
        await SubscribeAsync("paris@example.com", "daily", "08:00", timeZone: "Europe/Paris");
        var sameDay = (await Storage.Get<DigestPlanner>().PlanAsync()).Enqueued;

        Storage.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero));
        var beforeEight = (await Storage.Get<DigestPlanner>().PlanAsync()).Enqueued;
        Storage.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero));
        var atEight = (await Storage.Get<DigestPlanner>().PlanAsync()).Enqueued;
        Storage.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var anHourLater = (await Storage.Get<DigestPlanner>().PlanAsync()).Enqueued;

        Assert.Equal((0, 0, 1, 0), (sameDay, beforeEight, atEight, anHourLater));
        Assert.Equal("d2026-11-25", Assert.Single(await DrainQueueAsync()).DigestId);
    }

    [Fact]
    public async Task WeeklySubscriberIsPlannedOnTheirDay()
    {
        await SubscribeAsync("weekly@example.com", "weekly", "09:00", "Monday", "America/New_York");
        var start = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        var planned = new List<int>();
        for (var hour = 0; hour < 24 * 7; hour++)
        {
            Storage.Time.SetUtcNow(start.AddHours(hour));
            planned.Add((await Storage.Get<DigestPlanner>().PlanAsync()).Enqueued);
        }

        Assert.Equal(1, planned.Sum());

        // Monday 30 November, 09:00 in New York is 14:00 UTC: 6 days and 4 hours after the start.
        Assert.Equal(1, planned[(6 * 24) + 4]);
    }

    [Fact]
    public async Task ImmediateSubscribersArePlannedAtEveryRun()
    {
        await SubscribeAsync("now@example.com");
        Assert.Equal(1, (await Storage.Get<DigestPlanner>().PlanAsync()).Enqueued);
        Storage.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, (await Storage.Get<DigestPlanner>().PlanAsync()).Enqueued);
        Assert.Equal(2, (await DrainQueueAsync()).Select(r => r.DigestId).Distinct().Count());
    }

    /// <summary>Runs the planner hourly, on the hour (UTC), from <paramref name="from"/> for <paramref name="hours"/>; returns the runs that planned.</summary>
    private static async Task<List<(DateTimeOffset Run, string Period)>> PlanHourlyAsync(TestStorage storage, DateTimeOffset from, int hours)
    {
        var planned = new List<(DateTimeOffset, string)>();
        for (var hour = 0; hour < hours; hour++)
        {
            storage.Time.SetUtcNow(from.AddHours(hour));
            if ((await storage.Get<DigestPlanner>().PlanAsync()).Enqueued > 0)
            {
                var tables = storage.Get<NewsAlertsStorage>();
                var message = (await tables.DigestQueue.ReceiveMessageAsync()).Value;
                await tables.DigestQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                planned.Add((from.AddHours(hour), DigestRequest.Parse(message.MessageText).DigestId));
            }
        }

        return planned;
    }

    private static async Task<TestStorage> SubscribedAsync(DateTimeOffset start, string frequency, string at, string zone)
    {
        var storage = await TestStorage.StartAsync(start: start);
        await storage.Get<Watchlists.WatchlistService>().AddAsync(new Watchlists.WatchlistRequest
        {
            Email = "s@example.com", Name = "W", Terms = ["term"], Frequency = frequency, At = at, TimeZone = zone,
        });
        return storage;
    }

    [Fact]
    public async Task SpringForwardDayGetsItsDigestOnceAtTheFirstValidLocalTime()
    {
        // Paris, 29 March 2026: 02:00 becomes 03:00, so 02:30 does not exist; it is due at 03:00 local, 01:00 UTC.
        var start = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);
        await using var storage = await SubscribedAsync(start, "daily", "02:30", "Europe/Paris");

        var planned = await PlanHourlyAsync(storage, start.AddHours(1), 36);

        Assert.Equal([(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), "d2026-03-29")], planned);
    }

    [Fact]
    public async Task FallBackDayGetsItsDigestOnceAlthoughTheHourHappensTwice()
    {
        // Paris, 25 October 2026: 03:00 becomes 02:00, so 02:30 happens at 00:30 and at 01:30 UTC; once is due.
        var start = new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero);
        await using var storage = await SubscribedAsync(start, "daily", "02:30", "Europe/Paris");

        var planned = await PlanHourlyAsync(storage, start.AddHours(1), 36);

        Assert.Equal([(new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero), "d2026-10-25")], planned);
    }

    [Fact]
    public async Task HalfHourOffsetZoneGetsItsDigestAtTheFirstRunAfterItsLocalTime()
    {
        // Kolkata is UTC+05:30: 08:00 local is 02:30 UTC, so the hourly run at 03:00 UTC sends it.
        var start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        await using var storage = await SubscribedAsync(start, "daily", "08:00", "Asia/Kolkata");

        var planned = await PlanHourlyAsync(storage, start.AddHours(1), 48);

        Assert.Equal(
            [(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero), "d2026-11-25"), (new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero), "d2026-11-26")],
            planned);
    }

    [Theory]
    [InlineData("daily", "08:00", "Europe/Paris", "2026-11-25T07:00:00+00:00")]
    [InlineData("daily", "08:00", "Asia/Kolkata", "2026-11-25T03:00:00+00:00")]
    [InlineData("weekly", "09:00", "America/New_York", "2026-11-30T14:00:00+00:00")]
    [InlineData("immediate", "08:00", "UTC", "2026-11-24T10:00:00+00:00")]
    public async Task NextDigestIsTheFirstPlannerRunAfterTheDueTime(string frequency, string at, string zone, string expected)
    {
        await SubscribeAsync("s@example.com", frequency, at, "Monday", zone);

        var status = await Storage.Get<DigestSchedules>().GetAsync("S@example.com");

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), status!.NextDigestAt);
        Assert.Equal(0, status.PendingMatches);
    }

    [Fact]
    public async Task SubscriberShowPrintsTheNextDeliveryInTheirZone()
    {
        await SubscribeAsync("paris@example.com", "daily", "08:00", timeZone: "Europe/Paris");
        var settings = await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox);

        var shown = await CliRunner.RunAsync(settings, "subscriber", "show", "--email", "paris@example.com", "--json");
        var missing = await CliRunner.RunAsync(settings, "subscriber", "show", "--email", "nobody@example.com");

        Assert.True(shown.ExitCode == 0, shown.ToString());
        var json = System.Text.Json.JsonDocument.Parse(shown.Output).RootElement;
        Assert.Equal("daily at 08:00 Europe/Paris", json.GetProperty("schedule").GetString());
        Assert.Equal(Cli.ExitCodes.NotFound, missing.ExitCode);
        Assert.Equal("error: no subscriber nobody@example.com\n", missing.Error);
    }

    /// <summary>
    /// Storage requests of a planner run at 10:00 UTC with three subscribers due then and <paramref name="notDue"/> due at
    /// 20:00, after a first run has indexed them. Stored through the store, in parallel, to be quick.
    /// </summary>
    private static async Task<(int Enqueued, int Requests)> PlanWithSubscribersNotDueAsync(int notDue)
    {
        var counter = new Cli.Bench.StorageRequestCounter();
        await using var storage = await TestStorage.StartAsync(services: counter.Install);
        var subscribers = storage.Get<SubscriberStore>();
        var created = storage.Time.GetUtcNow();
        await Parallel.ForEachAsync(Enumerable.Range(0, 3 + notDue), async (i, token) =>
        {
            var subscriber = new Watchlists.Subscriber($"s{i}@example.com", "UTC") { Frequency = DigestFrequency.Daily, At = new TimeOnly(i < 3 ? 10 : 20, 0) };
            await subscribers.SaveAsync(subscriber, created, null, created, token);
        });

        var planner = storage.Get<DigestPlanner>();
        storage.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));
        await planner.PlanAsync();
        storage.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        counter.Reset();
        var plan = await planner.PlanAsync();
        return (plan.Enqueued, counter.Total);
    }

    [Fact]
    public async Task APlannerRunCostsTheSameRequestsWhetherTenOrTwelveHundredSubscribersAreNotDue()
    {
        // Past 1,000: a query's page holds that many rows, so a scan of every subscriber would take one more request.
        var few = await PlanWithSubscribersNotDueAsync(10);
        var many = await PlanWithSubscribersNotDueAsync(1_200);

        Assert.Equal(3, few.Enqueued);
        Assert.Equal(3, many.Enqueued);
        Assert.Equal(few.Requests, many.Requests);
    }

    [Fact]
    public async Task SubscribersStoredBeforeTheDueIndexStillGetTheirDigestsAndAreIndexedOnce()
    {
        await SubscribeAsync("old@example.com", "daily", "10:00");

        // As the version before the index left storage: no row in DigestsDue, nor the row that says it was filled.
        var index = Storage.Table("DigestsDue");
        foreach (var row in await index.QueryAsync<TableEntity>().ToListAsync())
        {
            await index.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var tenOClock = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        var settings = await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox);
        await using var upgraded = await TestStorage.StartAsync(settings, start: tenOClock);
        var first = await upgraded.Get<DigestPlanner>().PlanAsync();
        await using var restarted = await TestStorage.StartAsync(settings, start: tenOClock);
        var second = await restarted.Get<DigestPlanner>().PlanAsync();

        Assert.Equal((1, 0), (first.Enqueued, second.Enqueued));
        Assert.Equal("d2026-11-24", Assert.Single(await DrainQueueAsync()).DigestId);
        var rows = await index.QueryAsync<TableEntity>(r => r.RowKey == TableKeys.Subscriber("old@example.com")).ToListAsync();
        Assert.Equal("202611251000", Assert.Single(rows).PartitionKey);
    }

    [Fact]
    public async Task AChangedScheduleLeavesOneRowInTheDueIndexAndPlansOnce()
    {
        await AddWatchlistAsync("s@example.com", "W", "term");
        await Storage.Get<Watchlists.WatchlistService>().AddAsync(new Watchlists.WatchlistRequest
        {
            Email = "s@example.com", Name = "W", Terms = ["term"], Frequency = "daily", At = "09:30", TimeZone = "UTC",
        });

        Storage.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));
        var plan = await Storage.Get<DigestPlanner>().PlanAsync();

        Assert.Equal(1, plan.Enqueued);
        var rows = await Storage.Table("DigestsDue").QueryAsync<TableEntity>(r => r.RowKey == TableKeys.Subscriber("s@example.com")).ToListAsync();
        Assert.Equal("202611250930", Assert.Single(rows).PartitionKey);
    }

    [Fact]
    public async Task SubscriberShowReadsTwoDigestRowsHoweverManyDigestsThereWere()
    {
        var counter = new Cli.Bench.StorageRequestCounter();
        await using var storage = await TestStorage.StartAsync(services: counter.Install);
        await storage.Get<Watchlists.WatchlistService>().AddAsync("s@example.com", "W", ["term"]);
        var digests = storage.Get<DigestStore>();
        var start = storage.Time.GetUtcNow();

        async Task<(int Reads, string? Latest)> ShowAfterAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var at = storage.Time.GetUtcNow().AddMinutes(1);
                storage.Time.SetUtcNow(at);
                await digests.ClaimAsync("s@example.com", DeliverySchedule.Immediate.PeriodAt(at), at, DigestSender.StaleClaim);
            }

            counter.Reset();
            var status = await storage.Get<DigestSchedules>().GetAsync("s@example.com");
            return (counter.ByKind.Where(k => k.Key.StartsWith("GET table", StringComparison.Ordinal) && k.Key.EndsWith("Digests", StringComparison.Ordinal)).Sum(k => k.Value), status!.LastDigest?.DigestId);
        }

        var few = await ShowAfterAsync(2);
        var many = await ShowAfterAsync(40);

        Assert.Equal((2, DeliverySchedule.Immediate.PeriodAt(start.AddMinutes(2))), few);
        Assert.Equal((2, DeliverySchedule.Immediate.PeriodAt(start.AddMinutes(42))), many);
    }

    [Fact]
    public async Task TwoPlannersAtOnceEnqueueEachPeriodOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            await SubscribeAsync($"s{i}@example.com");
        }

        var settings = await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox);
        await using var other = await TestStorage.StartAsync(settings);
        other.Time.SetUtcNow(Storage.Time.GetUtcNow());

        var plans = await Task.WhenAll(Storage.Get<DigestPlanner>().PlanAsync(), other.Get<DigestPlanner>().PlanAsync());

        Assert.Equal(20, plans.Sum(p => p.Enqueued));
        Assert.Equal(20, plans.Sum(p => p.AlreadyPlanned + p.ClaimedElsewhere));
        var requests = await DrainQueueAsync();
        Assert.Equal(20, requests.Count);
        Assert.Equal(20, requests.Select(r => r.Email).Distinct().Count());
    }

    [Fact]
    public async Task TwoSendersOnTwoHostsSendOneEmail()
    {
        await AddWatchlistAsync("alice@example.com", "Ports", "Rotterdam");
        await UploadAsync("a.txt", "Strike\n\nDock workers in Rotterdam stopped work on Monday.");
        await IngestAsync("a.txt");
        var settings = await TestStorage.SettingsAsync(Storage.Id, Storage.Outbox);
        await using var other = await TestStorage.StartAsync(settings);
        var request = new DigestRequest("alice@example.com", DeliverySchedule.Immediate.PeriodAt(Storage.Time.GetUtcNow()));

        var results = await Task.WhenAll(Storage.Get<DigestSender>().SendAsync(request), other.Get<DigestSender>().SendAsync(request));

        Assert.Single(results, r => r.Outcome == DigestOutcome.Sent);
        Assert.Single(Directory.GetFiles(Storage.Outbox, "*.eml"));
    }
}
