using Notifications.Core.Experiments.Statistics;

namespace Notifications.Core.Experiments.Readout;

/// <summary>One arm of a readout: its counts, its conversion rate and, for a variant, how it compares with control.</summary>
/// <param name="Name">The variant's name, or <c>control</c>.</param>
/// <param name="Share">The configured share, in percent.</param>
/// <param name="Users">Users exposed (assigned).</param>
/// <param name="Pushed">Devices the arm's pushes were delivered to (0 for control).</param>
/// <param name="Opened">Users who opened the push.</param>
/// <param name="Converted">Users who reached the goal within its window.</param>
/// <param name="LiftPoints">Conversion rate minus control's, in percentage points; null for control or without control users.</param>
/// <param name="Interval95">The 95% interval of the lift in percentage points (Newcombe's hybrid score); null as the lift is.</param>
/// <param name="PValue">Two-sided p-value of the difference from control (pooled two-proportion test); null as the lift is.</param>
public sealed record ArmReadout(
    string Name, decimal Share, long Users, long Pushed, long Opened, long Converted, double? LiftPoints = null, Interval? Interval95 = null, double? PValue = null)
{
    /// <summary>Converted over users (0 without users).</summary>
    public double Rate => Users == 0 ? 0 : (double)Converted / Users;

    /// <summary>Whether this is the control group.</summary>
    public bool IsControl => Name == Batches.Orchestration.ArmSummary.ControlName;
}
