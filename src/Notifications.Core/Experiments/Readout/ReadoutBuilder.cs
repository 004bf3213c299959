using System.Globalization;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Experiments.Statistics;

namespace Notifications.Core.Experiments.Readout;

/// <summary>Turns an engine's per-arm counts and the sends' pushes into a readout: rates, lifts, intervals, p-values, SRM and the sentence.</summary>
public static class ReadoutBuilder
{
    /// <summary>Builds the readout of <paramref name="experiment"/>; arms the engine did not report count as empty.</summary>
    /// <param name="experiment">The experiment as configured (arms and shares).</param>
    /// <param name="goal">The goal in words.</param>
    /// <param name="from">First run date.</param>
    /// <param name="to">Last run date.</param>
    /// <param name="counts">Users, opens and conversions per arm, from the analytics engine.</param>
    /// <param name="pushed">Devices pushed per arm name, from the sends' outcomes.</param>
    public static ExperimentReadout Build(
        Experiment experiment, string goal, DateOnly from, DateOnly to, IReadOnlyList<ArmCounts> counts, IReadOnlyDictionary<string, long> pushed)
    {
        var byArm = counts.ToDictionary(c => c.Arm, StringComparer.Ordinal);
        ArmCounts CountsOf(string arm) => byArm.TryGetValue(arm, out var c) ? c : new ArmCounts(arm, 0, 0, 0);

        var control = CountsOf(ArmSummary.ControlName);
        var arms = new List<ArmReadout> { new(ArmSummary.ControlName, experiment.ControlPercent, control.Users, 0, control.Opened, control.Converted) };
        foreach (var variant in experiment.Variants)
        {
            var c = CountsOf(variant.Name);
            var arm = new ArmReadout(variant.Name, variant.Percent, c.Users, pushed.GetValueOrDefault(variant.Name), c.Opened, c.Converted);
            if (control.Users > 0 && c.Users > 0)
            {
                var interval = Proportions.NewcombeDifference(c.Converted, c.Users, control.Converted, control.Users);
                arm = arm with
                {
                    LiftPoints = 100 * (arm.Rate - (double)control.Converted / control.Users),
                    Interval95 = new Interval(100 * interval.Lower, 100 * interval.Upper),
                    PValue = Proportions.TwoProportionPValue(c.Converted, c.Users, control.Converted, control.Users),
                };
            }

            arms.Add(arm);
        }

        var srm = SampleRatio.ChiSquarePValue(arms.Select(a => a.Users).ToList(), arms.Select(a => (double)a.Share).ToList());
        return new ExperimentReadout(experiment.Id, goal, from, to, arms, srm, Sentence(arms, srm));
    }

    /// <summary>
    /// "invite-friends beats control by +3.1 pp [1.9, 4.3]; follow-more shows no difference (+0.2 pp [-1.1, 1.5])": a
    /// variant beats (or trails) control only when its 95% interval excludes 0; a sample-ratio mismatch comes first,
    /// since it makes every lift suspect.
    /// </summary>
    public static string Sentence(IReadOnlyList<ArmReadout> arms, double srmPValue)
    {
        var control = arms.FirstOrDefault(a => a.IsControl);
        var variants = arms.Where(a => !a.IsControl).ToList();
        if (control is null || control.Users == 0)
        {
            return "Control has no users in this range yet: nothing to compare against.";
        }

        var parts = variants.Select(v => v.Interval95 is not { } ci || v.LiftPoints is not { } lift
            ? $"{v.Name} has no users yet"
            : ci.Lower > 0 ? $"{v.Name} beats control by {Points(lift)} [{Number(ci.Lower)}, {Number(ci.Upper)}]"
            : ci.Upper < 0 ? $"{v.Name} trails control by {Points(lift)} [{Number(ci.Lower)}, {Number(ci.Upper)}]"
            : $"{v.Name} shows no difference ({Points(lift)} [{Number(ci.Lower)}, {Number(ci.Upper)}])");
        var verdict = string.Join("; ", parts) + ".";
        return SampleRatio.IsMismatch(srmPValue)
            ? $"Sample ratio mismatch (p={PValue(srmPValue)}): the arms' sizes do not match their shares, so assignment or logging is broken and no lift below can be trusted. {verdict}"
            : verdict;
    }

    /// <summary>A p-value as reports print it: four decimals, or scientific below 0.0001.</summary>
    public static string PValue(double p) =>
        p >= 0.0001 ? p.ToString("0.0000", CultureInfo.InvariantCulture) : p.ToString("0.0e+00", CultureInfo.InvariantCulture);

    private static string Points(double lift) => (lift >= 0 ? "+" : "") + Number(lift) + " pp";

    private static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
