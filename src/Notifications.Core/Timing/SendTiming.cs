using Notifications.Core.Batches.Files;

namespace Notifications.Core.Timing;

/// <summary>
/// One send's timing rules, decided once per time zone (a shard has a million users but a few dozen zones): a local
/// delivery time (<see cref="BatchSendOptions.DeliverAt"/>), then quiet hours, which defer or skip a push that would
/// land in them. A push deferred past the message's time to live is skipped: its news would be stale by then.
/// </summary>
public sealed class SendTiming
{
    /// <summary>Anything due sooner than this goes with the send rather than waiting for a timer.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(1);

    private readonly DateTime _plannedAt;
    private readonly TimeZoneInfo _defaultZone;
    private readonly QuietHoursMode _mode;
    private readonly TimeOnly _quietStart;
    private readonly TimeOnly _quietEnd;
    private readonly TimeOnly? _deliverAt;
    private readonly bool _localTime;
    private readonly TimeSpan? _timeToLive;
    private readonly Dictionary<string, Release> _byZone = new(StringComparer.Ordinal);

    /// <summary>The rules of a send planned at <paramref name="plannedAt"/> (UTC).</summary>
    public SendTiming(QuietHoursOptions quietHours, BatchSendOptions send, TimeSpan? timeToLive, DateTime plannedAt)
    {
        _plannedAt = DateTime.SpecifyKind(plannedAt, DateTimeKind.Utc);
        _defaultZone = LocalTimes.Zone(quietHours.DefaultTimeZone) ?? TimeZoneInfo.Utc;
        _mode = quietHours.ModeFor(send);
        _quietStart = quietHours.StartTime;
        _quietEnd = quietHours.EndTime;
        _deliverAt = LocalTimes.Parse(send.DeliverAt);
        _localTime = send.LocalTime;
        _timeToLive = timeToLive;
    }

    /// <summary>Whether every user is pushed with the send (no rule can hold anyone back), so planning can skip asking.</summary>
    public bool IsImmediate => _mode == QuietHoursMode.Ignore && _deliverAt is null;

    /// <summary>When a user in <paramref name="timeZone"/> (null or unknown: the default zone) is pushed.</summary>
    public Release For(string? timeZone)
    {
        var key = timeZone ?? string.Empty;
        if (!_byZone.TryGetValue(key, out var release))
        {
            _byZone[key] = release = Decide(LocalTimes.Zone(timeZone) ?? _defaultZone);
        }

        return release;
    }

    private Release Decide(TimeZoneInfo zone)
    {
        var at = _deliverAt is { } time ? LocalTimes.NextOccurrence(_plannedAt, _localTime ? zone : _defaultZone, time) : _plannedAt;
        var quiet = false;
        if (_mode != QuietHoursMode.Ignore
            && LocalTimes.IsWithin(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(at, zone)), _quietStart, _quietEnd))
        {
            if (_mode == QuietHoursMode.Skip)
            {
                return new Release(null, Skipped: true, Quiet: true);
            }

            at = LocalTimes.NextOccurrence(at, zone, _quietEnd);
            quiet = true;
            if (_timeToLive is { } ttl && at - _plannedAt > ttl)
            {
                return new Release(null, Skipped: true, Quiet: true);
            }
        }

        // Whole minutes, so zones that share an offset share a group (and a timer).
        return at - _plannedAt < Slack
            ? Release.Now with { Quiet = quiet }
            : new Release(new DateTime(at.Ticks - (at.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc), Skipped: false, Quiet: quiet);
    }
}
