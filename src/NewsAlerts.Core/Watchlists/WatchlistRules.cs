using System.Net.Mail;
using NewsAlerts.Matching.Queries;
using NewsAlerts.Matching.Text;
using NewsAlerts.Text;

namespace NewsAlerts.Watchlists;

/// <summary>What makes a subscriber and a watchlist valid. Every problem is reported, not only the first.</summary>
public static class WatchlistRules
{
    /// <summary>Longest watchlist name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Most terms in one watchlist.</summary>
    public const int MaxTerms = 500;

    /// <summary>Longest term.</summary>
    public const int MaxTermLength = 200;

    /// <summary>Validates a watchlist of plain terms and its owner's time zone; returns the cleaned watchlist.</summary>
    /// <exception cref="ValidationException">Something is wrong; every problem is listed.</exception>
    public static (Watchlist Watchlist, Subscriber Subscriber) Validate(string? email, string? name, IEnumerable<string>? terms, string? timeZone) =>
        Validate(email, name, terms, query: null, stem: false, timeZone);

    /// <summary>
    /// Validates a watchlist, given as plain terms or as a query (one of the two), and its owner's time
    /// zone; returns the cleaned watchlist. A query that does not parse is refused with field <c>query</c>
    /// and the message <c>"&lt;reason&gt; at &lt;position&gt;"</c> (positions count characters from 1).
    /// </summary>
    /// <exception cref="ValidationException">Something is wrong; every problem is listed.</exception>
    public static (Watchlist Watchlist, Subscriber Subscriber) Validate(
        string? email, string? name, IEnumerable<string>? terms, string? query, bool stem, string? timeZone)
    {
        var validated = Validate(new WatchlistRequest { Email = email, Name = name, Terms = terms?.ToList(), Query = query, Stem = stem, TimeZone = timeZone });
        return (validated.Watchlist, validated.Subscriber);
    }

    /// <summary>
    /// Validates a whole request: the watchlist (terms or a query), the subscriber's time zone and digest
    /// schedule. The returned subscriber carries the settings given; <see cref="ValidatedRequest.Given"/> says which.
    /// </summary>
    /// <exception cref="ValidationException">Something is wrong; every problem is listed.</exception>
    public static ValidatedRequest Validate(WatchlistRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (email, name, terms, query, stem, timeZone) = (request.Email, request.Name, request.Terms, request.Query, request.Stem, request.TimeZone);
        var errors = new List<ValidationError>();
        var cleanEmail = CheckEmail(email, errors);
        var cleanZone = CheckTimeZone(timeZone, errors);
        var schedule = CheckSchedule(request, errors);

        var cleanName = name?.Trim() ?? string.Empty;
        if (cleanName.Length == 0)
        {
            errors.Add(new("name", "watchlist name is required"));
        }
        else if (cleanName.Length > MaxNameLength || cleanName.Any(char.IsControl))
        {
            errors.Add(new("name", $"watchlist name must be at most {MaxNameLength} characters with no control characters"));
        }

        var cleanTerms = (terms ?? []).Select(t => t?.Trim() ?? string.Empty).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var cleanQuery = string.IsNullOrWhiteSpace(query) ? null : query.Trim();
        if (cleanQuery is not null)
        {
            if (cleanTerms.Count > 0)
            {
                errors.Add(new("query", "give either terms or a query, not both"));
            }
            else
            {
                CheckQuery(cleanQuery, errors);
            }
        }
        else if (cleanTerms.Count == 0)
        {
            errors.Add(new("terms", "a watchlist needs at least one term, or a query"));
        }
        else if (cleanTerms.Count > MaxTerms)
        {
            errors.Add(new("terms", $"a watchlist holds at most {MaxTerms} terms; this one has {cleanTerms.Count}"));
        }

        foreach (var term in cleanTerms)
        {
            if (term.Length > MaxTermLength)
            {
                errors.Add(new("terms", $"term \"{Shorten(term[..20])}…\" is longer than {MaxTermLength} characters"));
            }
            else if (WordTokenizer.Tokenize(term).Count == 0)
            {
                errors.Add(new("terms", $"term \"{Shorten(term)}\" has no letters or digits to match"));
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        var subscriber = new Subscriber(cleanEmail!, cleanZone!)
        {
            Frequency = schedule.Frequency ?? Digests.DigestFrequency.Immediate,
            At = schedule.At ?? Digests.DeliverySchedule.DefaultAt,
            Day = schedule.Day ?? DayOfWeek.Monday,
        };
        return new ValidatedRequest(new Watchlist(cleanEmail!, cleanName, cleanQuery is null ? cleanTerms : [], cleanQuery, stem), subscriber, schedule with { TimeZone = string.IsNullOrWhiteSpace(timeZone) ? null : cleanZone });
    }

    private static ScheduleSettings CheckSchedule(WatchlistRequest request, List<ValidationError> errors)
    {
        Digests.DigestFrequency? frequency = null;
        if (!string.IsNullOrWhiteSpace(request.Frequency))
        {
            if (Enum.TryParse<Digests.DigestFrequency>(request.Frequency.Trim(), ignoreCase: true, out var parsed) && !request.Frequency.Trim().All(char.IsAsciiDigit))
            {
                frequency = parsed;
            }
            else
            {
                errors.Add(new("frequency", $"\"{Shorten(request.Frequency)}\" is not a digest frequency: use immediate, daily or weekly"));
            }
        }

        TimeOnly? at = null;
        if (!string.IsNullOrWhiteSpace(request.At))
        {
            if (TimeOnly.TryParseExact(request.At.Trim(), ["H:mm", "HH:mm"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time))
            {
                at = time;
            }
            else
            {
                errors.Add(new("at", $"\"{Shorten(request.At)}\" is not a time of day as HH:mm (for example 08:00 or 18:30)"));
            }

            if (frequency == Digests.DigestFrequency.Immediate)
            {
                errors.Add(new("at", "a time of day applies to daily and weekly digests, not immediate ones"));
            }
        }

        DayOfWeek? day = null;
        if (!string.IsNullOrWhiteSpace(request.Day))
        {
            if (Enum.TryParse<DayOfWeek>(request.Day.Trim(), ignoreCase: true, out var parsedDay) && !request.Day.Trim().All(char.IsAsciiDigit))
            {
                day = parsedDay;
            }
            else
            {
                errors.Add(new("day", $"\"{Shorten(request.Day)}\" is not a day of the week (monday to sunday)"));
            }

            if (frequency is Digests.DigestFrequency.Immediate or Digests.DigestFrequency.Daily)
            {
                errors.Add(new("day", "a day of the week applies to weekly digests only"));
            }
        }

        return new ScheduleSettings(frequency, at, day, null);
    }

    /// <summary>Checks that <paramref name="query"/> parses; returns it parsed.</summary>
    /// <exception cref="ValidationException">It does not: field <c>query</c>, message <c>"&lt;reason&gt; at &lt;position&gt;"</c>.</exception>
    public static QueryNode ValidateQuery(string? query)
    {
        var errors = new List<ValidationError>();
        var parsed = string.IsNullOrWhiteSpace(query) ? null : CheckQuery(query.Trim(), errors);
        if (parsed is null && errors.Count == 0)
        {
            errors.Add(new("query", "the query is empty at 1"));
        }

        return errors.Count > 0 ? throw new ValidationException(errors) : parsed!;
    }

    private static QueryNode? CheckQuery(string query, List<ValidationError> errors)
    {
        try
        {
            return WatchlistQuery.Parse(query);
        }
        catch (QuerySyntaxException ex)
        {
            errors.Add(new("query", ex.Message));
            return null;
        }
    }

    /// <summary>A request as validated: the watchlist, the subscriber as the request describes them, and which settings it gave.</summary>
    /// <param name="Watchlist">The watchlist, cleaned.</param>
    /// <param name="Subscriber">The subscriber with the given settings and defaults for the rest.</param>
    /// <param name="Given">The subscriber settings the request gave; null ones are to be kept.</param>
    public sealed record ValidatedRequest(Watchlist Watchlist, Subscriber Subscriber, ScheduleSettings Given);

    /// <summary>Subscriber settings given in a request; null means not given.</summary>
    /// <param name="Frequency">Digest frequency.</param>
    /// <param name="At">Local time of daily and weekly digests.</param>
    /// <param name="Day">Day of weekly digests.</param>
    /// <param name="TimeZone">IANA time zone id.</param>
    public sealed record ScheduleSettings(Digests.DigestFrequency? Frequency, TimeOnly? At, DayOfWeek? Day, string? TimeZone);

    /// <summary>Validates an email address; returns it trimmed.</summary>
    /// <exception cref="ValidationException">The address is not valid.</exception>
    public static string ValidateEmail(string? email)
    {
        var errors = new List<ValidationError>();
        var clean = CheckEmail(email, errors);
        return errors.Count > 0 ? throw new ValidationException(errors) : clean!;
    }

    private static string? CheckEmail(string? email, List<ValidationError> errors)
    {
        var clean = email?.Trim() ?? string.Empty;
        if (clean.Length == 0)
        {
            errors.Add(new("email", "email address is required"));
            return null;
        }

        // MailAddress also accepts "Name <addr>" forms; a subscriber's address must be the bare address.
        if (clean.Length > 254 || !MailAddress.TryCreate(clean, out var address) || address.Address != clean
            || !address.Host.Contains('.', StringComparison.Ordinal) || address.Host.EndsWith('.'))
        {
            errors.Add(new("email", $"\"{Shorten(clean)}\" is not a valid email address"));
            return null;
        }

        return clean;
    }

    private static string? CheckTimeZone(string? timeZone, List<ValidationError> errors)
    {
        var clean = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(clean, out var zone))
        {
            errors.Add(new("timeZone", $"\"{Shorten(clean)}\" is not a known IANA time zone (for example Europe/Paris or America/New_York)"));
            return null;
        }

        // Store the IANA id even when a Windows id was given, so every host reads the same zone.
        return zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
    }

    // What a person typed is echoed on one line, without invisible characters: an address with "\r\nBcc:" in it must
    // not start a line of its own in a log or a response.
    private static string Shorten(string value)
    {
        var line = DisplayText.Line(value);
        return line.Length > 60 ? line[..60] + "…" : line;
    }
}
