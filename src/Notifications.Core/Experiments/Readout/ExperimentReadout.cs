namespace Notifications.Core.Experiments.Readout;

/// <summary>
/// Did it work: an experiment's arms over a range of run dates, control first, with each variant's lift over control,
/// the sample-ratio check and the verdict in a sentence.
/// </summary>
/// <param name="Experiment">The experiment id.</param>
/// <param name="Goal">The goal in words.</param>
/// <param name="From">First run date.</param>
/// <param name="To">Last run date.</param>
/// <param name="Arms">Control, then the variants in their configured order.</param>
/// <param name="SrmPValue">Chi-square p-value of the users per arm against the configured shares.</param>
/// <param name="Sentence">The verdict, for people.</param>
public sealed record ExperimentReadout(
    string Experiment, string Goal, DateOnly From, DateOnly To, IReadOnlyList<ArmReadout> Arms, double SrmPValue, string Sentence)
{
    /// <summary>Whether the arms' sizes are off their shares by more than chance allows: assignment is broken, no lift can be trusted.</summary>
    public bool SampleRatioMismatch => Statistics.SampleRatio.IsMismatch(SrmPValue);
}
