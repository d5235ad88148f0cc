using System.Globalization;

namespace NewsAlerts.Digests;

/// <summary>How often a subscriber gets a digest.</summary>
public enum DigestFrequency
{
    /// <summary>At the next digest run after a match.</summary>
    Immediate,

    /// <summary>Once a day, at a local time.</summary>
    Daily,

    /// <summary>Once a week, on a day, at a local time.</summary>
    Weekly,
}

/// <summary>
/// When a subscriber's digests are due, in their own time zone. The planner runs on a UTC schedule and
/// sends each digest at its first run at or after the due instant.
/// </summary>
/// <remarks>
/// Daylight saving: a local time that does not exist on a spring-forward day (02:30 when clocks jump
/// from 02:00 to 03:00) is due at the first local time that does (03:00); a local time that happens
/// twice on a fall-back day is due at its first occurrence, once.
/// </remarks>
/// <param name="Frequency">How often.</param>
/// <param name="At">The local time of day (daily and weekly).</param>
/// <param name="Day">The day of the week (weekly).</param>
/// <param name="TimeZone">IANA time zone id.</param>
public sealed record DeliverySchedule(DigestFrequency Frequency, TimeOnly At, DayOfWeek Day, string TimeZone)
{
    /// <summary>The local time daily and weekly digests default to.</summary>
    public static readonly TimeOnly DefaultAt = new(8, 0);

    /// <summary>Digests at the next run after a match, in UTC.</summary>
    public static DeliverySchedule Immediate { get; } = new(DigestFrequency.Immediate, DefaultAt, DayOfWeek.Monday, "UTC");

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>
    /// The latest due instant at or before <paramref name="now"/>; null for <see cref="DigestFrequency.Immediate"/>,
    /// which is due at every run.
    /// </summary>
    public DateTimeOffset? LatestDueAt(DateTimeOffset now)
    {
        if (Frequency == DigestFrequency.Immediate)
        {
            return null;
        }

        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);
        for (var i = 0; i < 9; i++, date = date.AddDays(-1))
        {
            if (IsDeliveryDay(date) && ToUtc(date) is var due && due <= now)
            {
                return due;
            }
        }

        throw new InvalidOperationException("no due instant in the last week");
    }

    /// <summary>The first due instant after <paramref name="now"/>; null for <see cref="DigestFrequency.Immediate"/>.</summary>
    public DateTimeOffset? NextDueAfter(DateTimeOffset now)
    {
        if (Frequency == DigestFrequency.Immediate)
        {
            return null;
        }

        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime).AddDays(-1);
        for (var i = 0; i < 10; i++, date = date.AddDays(1))
        {
            if (IsDeliveryDay(date) && ToUtc(date) is var due && due > now)
            {
                return due;
            }
        }

        throw new InvalidOperationException("no due instant in the next week");
    }

    /// <summary>
    /// From when a planner has to look at a subscriber on this schedule: the due instant of a period that is theirs and
    /// not yet planned, else the next due instant; null for <see cref="DigestFrequency.Immediate"/>, due at every run.
    /// </summary>
    /// <param name="createdAt">When they subscribed: a period that began before is not theirs.</param>
    /// <param name="lastPlannedPeriod">The last period planned for them, if any.</param>
    /// <param name="now">Now.</param>
    public DateTimeOffset? PlanningDueAt(DateTimeOffset createdAt, string? lastPlannedPeriod, DateTimeOffset now)
    {
        if (Frequency == DigestFrequency.Immediate)
        {
            return null;
        }

        return LatestDueAt(now) is { } due && due >= createdAt && lastPlannedPeriod != PeriodAt(now) ? due : NextDueAfter(now);
    }

    /// <summary>
    /// The id of the period due at <paramref name="now"/>: the local date of the due instant for daily
    /// (<c>d2026-11-24</c>) and weekly (<c>w2026-11-23</c>) digests; the run itself for immediate ones
    /// (<c>i20261124T0900Z</c>). One digest per subscriber per period.
    /// </summary>
    public string PeriodAt(DateTimeOffset now)
    {
        if (LatestDueAt(now) is not { } due)
        {
            return "i" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);
        }

        var local = TimeZoneInfo.ConvertTime(due, Zone).DateTime;
        return (Frequency == DigestFrequency.Daily ? "d" : "w") + local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Describes the schedule for people: <c>daily at 08:00 Europe/Paris</c>.</summary>
    public string Describe() => Frequency switch
    {
        DigestFrequency.Daily => $"daily at {At:HH\\:mm} {TimeZone}",
        DigestFrequency.Weekly => $"weekly on {Day} at {At:HH\\:mm} {TimeZone}",
        _ => "immediate (the next digest run after a match)",
    };

    private bool IsDeliveryDay(DateOnly date) => Frequency == DigestFrequency.Daily || date.DayOfWeek == Day;

    private DateTimeOffset ToUtc(DateOnly date)
    {
        var zone = Zone;
        var local = date.ToDateTime(At);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
