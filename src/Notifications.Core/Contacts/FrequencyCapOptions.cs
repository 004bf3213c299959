using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Contacts;

/// <summary>
/// How many marketing pushes one user may get across all campaigns (section <c>FrequencyCap</c>): ad-hoc and cohort
/// campaigns count and are capped; approvers' test sends and batches marked <c>options.transactional</c> neither
/// count nor are capped. 0 turns a window off; both 0 turns the cap off.
/// </summary>
public sealed class FrequencyCapOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "FrequencyCap";

    /// <summary>Campaigns that may reach one user in any 24 hours.</summary>
    [Range(0, 100)]
    public int MaxPerDay { get; set; } = 1;

    /// <summary>Campaigns that may reach one user in any 7 days.</summary>
    [Range(0, 1000)]
    public int MaxPerWeek { get; set; } = 3;

    /// <summary>
    /// How long a shard's planner waits for the contact history of its users while another send plans the same users
    /// (one plans at a time, so two campaigns cannot both let a user through).
    /// </summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether any window is on.</summary>
    public bool IsOn => MaxPerDay > 0 || MaxPerWeek > 0;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxPerDay > 0 && MaxPerWeek > 0 && MaxPerWeek < MaxPerDay)
        {
            yield return new ValidationResult("FrequencyCap:MaxPerWeek must not be below FrequencyCap:MaxPerDay", [nameof(MaxPerWeek)]);
        }

        if (LockWait <= TimeSpan.Zero || LockWait > TimeSpan.FromMinutes(30))
        {
            yield return new ValidationResult("FrequencyCap:LockWait must be between 0 and 30 minutes", [nameof(LockWait)]);
        }
    }
}
