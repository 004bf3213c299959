namespace Notifications.Core.Experiments.Readout;

/// <summary>What the analytics engine counts for one arm: distinct users exposed, and of them who opened and who converted.</summary>
/// <param name="Arm">The variant's name, or <c>control</c>.</param>
/// <param name="Users">Users exposed (assigned, control included) in the range.</param>
/// <param name="Opened">Of them, users whose app reported opening the push.</param>
/// <param name="Converted">Of them, users who reached the goal within its window after their exposure.</param>
public sealed record ArmCounts(string Arm, long Users, long Opened, long Converted);
