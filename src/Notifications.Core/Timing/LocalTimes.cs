using System.Collections.Concurrent;
using System.Globalization;

namespace Notifications.Core.Timing;

/// <summary>Local times of day and the zones they are read in.</summary>
public static class LocalTimes
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    /// <summary>A time of day written <c>HH:mm</c> (24-hour), or null when it is not one.</summary>
    public static TimeOnly? Parse(string? value) =>
        value is { Length: 5 } && TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>
    /// The zone named <paramref name="id"/>, looked up once per process (a plan asks for the same few dozen zones a
    /// million times), or null for an id the tz database does not know.
    /// </summary>
    public static TimeZoneInfo? Zone(string? id) =>
        id is null ? null : Zones.GetOrAdd(id, static key => TimeZoneInfo.TryFindSystemTimeZoneById(key, out var zone) ? zone : null);

    /// <summary>
    /// The first instant at or after <paramref name="from"/> whose wall clock in <paramref name="zone"/> reads
    /// <paramref name="time"/>. On a spring-forward day a time in the skipped hour happens as the clock jumps (02:30
    /// that never exists is pushed at 03:00 local); on a fall-back day a repeated time happens the first time round.
    /// </summary>
    public static DateTime NextOccurrence(DateTime from, TimeZoneInfo zone, TimeOnly time)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(from, zone);
        for (var day = 0; day < 3; day++)
        {
            var candidate = ToUtc(DateOnly.FromDateTime(local).AddDays(day).ToDateTime(time), zone);
            if (candidate >= from)
            {
                return candidate;
            }
        }

        // Unreachable for real zones (a wall time comes round within two days); a safe answer all the same.
        return from;
    }

    /// <summary>Whether <paramref name="time"/> lies in the window from <paramref name="start"/> to <paramref name="end"/>, which may wrap midnight.</summary>
    public static bool IsWithin(TimeOnly time, TimeOnly start, TimeOnly end) =>
        start < end ? time >= start && time < end : time >= start || time < end;

    private static DateTime ToUtc(DateTime wall, TimeZoneInfo zone)
    {
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            // In the hour the clocks skip: the first valid wall time after it is the instant they jump.
            var probe = wall;
            while (zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }

            return TimeZoneInfo.ConvertTimeToUtc(probe, zone);
        }

        if (zone.IsAmbiguousTime(wall))
        {
            // Twice that night: the first time round is at the larger (summer) offset.
            var offset = zone.GetAmbiguousTimeOffsets(wall).Max();
            return new DateTimeOffset(wall, offset).UtcDateTime;
        }

        return TimeZoneInfo.ConvertTimeToUtc(wall, zone);
    }
}
