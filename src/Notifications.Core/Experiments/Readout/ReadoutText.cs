using System.Globalization;

namespace Notifications.Core.Experiments.Readout;

/// <summary>
/// A readout as <c>notify cohorts report</c> prints it: one <c>arm:</c> line per arm, control first, then
/// <c>srm:</c> and the sentence. The API returns the same lines, so a report against a running host reads the same.
/// </summary>
public static class ReadoutText
{
    /// <summary>The lines of <paramref name="readout"/>.</summary>
    public static IReadOnlyList<string> Lines(ExperimentReadout readout)
    {
        var lines = readout.Arms.Select(a =>
            string.Create(CultureInfo.InvariantCulture, $"arm: name={a.Name} users={a.Users} pushed={a.Pushed} opened={a.Opened} converted={a.Converted} rate={100 * a.Rate:0.00}% ")
            + (a.LiftPoints is { } lift && a.Interval95 is { } ci && a.PValue is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"lift_pp={lift:+0.00;-0.00;0.00} ci95=[{ci.Lower:0.00},{ci.Upper:0.00}] p={ReadoutBuilder.PValue(p)}")
                : "lift_pp=- ci95=- p=-")).ToList();
        lines.Add($"srm: p={ReadoutBuilder.PValue(readout.SrmPValue)}{(readout.SampleRatioMismatch ? " MISMATCH" : "")}");
        lines.Add(readout.Sentence);
        return lines;
    }
}
