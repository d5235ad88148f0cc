using NewsAlerts.Digests;

namespace NewsAlerts.Digests;

public class DeliveryScheduleTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static DeliverySchedule Daily(string zone, int hour, int minute = 0) => new(DigestFrequency.Daily, new TimeOnly(hour, minute), DayOfWeek.Monday, zone);

    [Fact]
    public void DailyIsDueAtTheLocalTime()
    {
        var paris = Daily("Europe/Paris", 8);
        Assert.Equal(Utc(11, 24, 7), paris.LatestDueAt(Utc(11, 24, 9)));
        Assert.Equal(Utc(11, 23, 7), paris.LatestDueAt(Utc(11, 24, 6, 59)));
        Assert.Equal(Utc(11, 25, 7), paris.NextDueAfter(Utc(11, 24, 7)));
        Assert.Equal("d2026-11-24", paris.PeriodAt(Utc(11, 24, 9)));
    }

    [Fact]
    public void SpringForwardGapIsDueAtTheFirstValidLocalTime()
    {
        // Paris, 29 March 2026: clocks jump from 02:00 to 03:00 (UTC+1 to UTC+2); 02:30 does not exist.
        var schedule = Daily("Europe/Paris", 2, 30);
        Assert.Equal(Utc(3, 29, 1), schedule.LatestDueAt(Utc(3, 29, 1, 0)));
        Assert.Equal(Utc(3, 28, 1, 30), schedule.LatestDueAt(Utc(3, 29, 0, 59)));
        Assert.Equal(Utc(3, 30, 0, 30), schedule.NextDueAfter(Utc(3, 29, 1)));
    }

    [Fact]
    public void FallBackRepeatedHourIsDueOnceAtItsFirstOccurrence()
    {
        // Paris, 25 October 2026: clocks go back from 03:00 to 02:00; 02:30 happens twice (00:30 and 01:30 UTC).
        var schedule = Daily("Europe/Paris", 2, 30);
        Assert.Equal(Utc(10, 25, 0, 30), schedule.LatestDueAt(Utc(10, 25, 0, 30)));
        Assert.Equal(Utc(10, 25, 0, 30), schedule.LatestDueAt(Utc(10, 25, 1, 45)));
        Assert.Equal("d2026-10-25", schedule.PeriodAt(Utc(10, 25, 1, 45)));
        Assert.Equal(Utc(10, 26, 1, 30), schedule.NextDueAfter(Utc(10, 25, 0, 30)));
    }

    [Fact]
    public void HalfHourOffsetZoneIsDueAtItsLocalTime()
    {
        var kolkata = Daily("Asia/Kolkata", 8);
        Assert.Equal(Utc(11, 24, 2, 30), kolkata.LatestDueAt(Utc(11, 24, 3)));
        Assert.Equal(Utc(11, 23, 2, 30), kolkata.LatestDueAt(Utc(11, 24, 2, 29)));
    }

    [Fact]
    public void WeeklyIsDueOnItsDay()
    {
        var weekly = new DeliverySchedule(DigestFrequency.Weekly, new TimeOnly(9, 0), DayOfWeek.Monday, "America/New_York");

        // Monday 23 November 2026, 09:00 EST = 14:00 UTC.
        Assert.Equal(Utc(11, 23, 14), weekly.LatestDueAt(Utc(11, 26, 12)));
        Assert.Equal(Utc(11, 30, 14), weekly.NextDueAfter(Utc(11, 26, 12)));
        Assert.Equal("w2026-11-23", weekly.PeriodAt(Utc(11, 29, 23)));
    }

    [Fact]
    public void ImmediateIsDueAtEveryRunWithTheRunAsItsPeriod()
    {
        Assert.Null(DeliverySchedule.Immediate.LatestDueAt(Utc(11, 24, 9)));
        Assert.Equal("i20261124T0900Z", DeliverySchedule.Immediate.PeriodAt(Utc(11, 24, 9)));
    }
}
