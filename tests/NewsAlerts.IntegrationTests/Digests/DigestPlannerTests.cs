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
        var sameDay = await Storage.Get<DigestPlanner>().PlanAsync();

        Storage.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero));
        var beforeEight = await Storage.Get<DigestPlanner>().PlanAsync();
        Storage.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero));
        var atEight = await Storage.Get<DigestPlanner>().PlanAsync();
        Storage.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var anHourLater = await Storage.Get<DigestPlanner>().PlanAsync();

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
            planned.Add(await Storage.Get<DigestPlanner>().PlanAsync());
        }

        Assert.Equal(1, planned.Sum());

        // Monday 30 November, 09:00 in New York is 14:00 UTC: 6 days and 4 hours after the start.
        Assert.Equal(1, planned[(6 * 24) + 4]);
    }

    [Fact]
    public async Task ImmediateSubscribersArePlannedAtEveryRun()
    {
        await SubscribeAsync("now@example.com");
        Assert.Equal(1, await Storage.Get<DigestPlanner>().PlanAsync());
        Storage.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await Storage.Get<DigestPlanner>().PlanAsync());
        Assert.Equal(2, (await DrainQueueAsync()).Select(r => r.DigestId).Distinct().Count());
    }

    /// <summary>Runs the planner hourly, on the hour (UTC), from <paramref name="from"/> for <paramref name="hours"/>; returns the runs that planned.</summary>
    private static async Task<List<(DateTimeOffset Run, string Period)>> PlanHourlyAsync(TestStorage storage, DateTimeOffset from, int hours)
    {
        var planned = new List<(DateTimeOffset, string)>();
        for (var hour = 0; hour < hours; hour++)
        {
            storage.Time.SetUtcNow(from.AddHours(hour));
            if (await storage.Get<DigestPlanner>().PlanAsync() > 0)
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

        var counts = await Task.WhenAll(Storage.Get<DigestPlanner>().PlanAsync(), other.Get<DigestPlanner>().PlanAsync());

        Assert.Equal(20, counts.Sum());
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
