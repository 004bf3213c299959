using System.Globalization;

namespace Notifications.Core.Api;

/// <summary>
/// The <c>from</c> and <c>to</c> of a list request: UTC dates (yyyy-MM-dd), both included, by default the 30 days up to
/// today, and never more than <see cref="MaxDays"/>, which bounds what one request reads.
/// </summary>
public readonly record struct DateRange(DateOnly From, DateOnly To)
{
    /// <summary>The most days one request may span.</summary>
    public const int MaxDays = 92;

    /// <summary>The 30 days up to <paramref name="today"/>.</summary>
    public static DateRange Default(DateOnly today) => new(today.AddDays(-29), today);

    /// <summary>Reads <c>from</c> and <c>to</c>; errors go to <paramref name="errors"/> by parameter, never quoting the value.</summary>
    public static DateRange Parse(Func<string, string?> get, DateOnly today, IDictionary<string, string[]> errors)
    {
        var to = Date(get("to"), "to", today, errors);
        var from = Date(get("from"), "from", to.AddDays(-29), errors);
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            if (from > to)
            {
                errors["from"] = ["must not be after 'to'"];
            }
            else if (to.DayNumber - from.DayNumber + 1 > MaxDays)
            {
                errors["from"] = [$"the range may span at most {MaxDays} days"];
            }
        }

        return new DateRange(from, to);
    }

    private static DateOnly Date(string? value, string name, DateOnly fallback, IDictionary<string, string[]> errors)
    {
        if (value is not { Length: > 0 })
        {
            return fallback;
        }

        // Not the first days nor the last of the calendar: a default range counts back from 'to', and every list's range
        // ends before the day after 'to', which the last representable day does not have.
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.DayNumber > MaxDays && date < DateOnly.MaxValue)
        {
            return date;
        }

        errors[name] = ["a date as yyyy-MM-dd (UTC)"];
        return fallback;
    }
}
