using System.ComponentModel.DataAnnotations;
using Notifications.Core.Devices;

namespace Notifications.Core.Timing;

/// <summary>
/// When users must not be woken (section <c>QuietHours</c>): from <see cref="Start"/> to <see cref="End"/> in each
/// device's own time zone, or <see cref="DefaultTimeZone"/> for a device that registered none. A campaign picks
/// <c>defer</c> or <c>skip</c> (<c>options.quietHours</c>); without one it gets <see cref="DefaultMode"/>, and a
/// transactional send ignores quiet hours.
/// </summary>
public sealed class QuietHoursOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "QuietHours";

    /// <summary>Whether quiet hours apply at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Local time quiet hours begin (<c>HH:mm</c>).</summary>
    public string Start { get; set; } = "21:00";

    /// <summary>Local time quiet hours end (<c>HH:mm</c>); before <see cref="Start"/> means the next morning.</summary>
    public string End { get; set; } = "08:00";

    /// <summary>The IANA zone of devices that registered none.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>What a marketing campaign that names no mode does.</summary>
    public QuietHoursMode DefaultMode { get; set; } = QuietHoursMode.Defer;

    /// <summary><see cref="Start"/> parsed.</summary>
    public TimeOnly StartTime => LocalTimes.Parse(Start) ?? new TimeOnly(21, 0);

    /// <summary><see cref="End"/> parsed.</summary>
    public TimeOnly EndTime => LocalTimes.Parse(End) ?? new TimeOnly(8, 0);

    /// <summary>
    /// The mode a send gets: none when quiet hours are off, else its own choice, else <see cref="QuietHoursMode.Ignore"/>
    /// for a transactional send and <see cref="DefaultMode"/> for a marketing one.
    /// </summary>
    public QuietHoursMode ModeFor(Batches.Files.BatchSendOptions send) =>
        !Enabled ? QuietHoursMode.Ignore : send.QuietHours ?? (send.Transactional ? QuietHoursMode.Ignore : DefaultMode);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LocalTimes.Parse(Start) is null)
        {
            yield return new ValidationResult("QuietHours:Start must be a time of day as HH:mm", [nameof(Start)]);
        }

        if (LocalTimes.Parse(End) is null)
        {
            yield return new ValidationResult("QuietHours:End must be a time of day as HH:mm", [nameof(End)]);
        }

        if (Start == End)
        {
            yield return new ValidationResult("QuietHours:Start and QuietHours:End must differ (set Enabled to false to turn quiet hours off)", [nameof(End)]);
        }

        if (!DeviceLocality.IsValidTimeZone(DefaultTimeZone))
        {
            yield return new ValidationResult("QuietHours:DefaultTimeZone must be an IANA time zone such as Europe/Berlin or UTC", [nameof(DefaultTimeZone)]);
        }

        if (DefaultMode == QuietHoursMode.Ignore)
        {
            yield return new ValidationResult("QuietHours:DefaultMode must be Defer or Skip (set Enabled to false to turn quiet hours off)", [nameof(DefaultMode)]);
        }
    }
}
