namespace Notifications.Core.Experiments.Statistics;

/// <summary>A closed interval [<see cref="Lower"/>, <see cref="Upper"/>], such as a confidence interval.</summary>
/// <param name="Lower">The lower bound, included.</param>
/// <param name="Upper">The upper bound, included.</param>
public readonly record struct Interval(double Lower, double Upper)
{
    /// <summary>Whether <paramref name="x"/> lies within the interval, bounds included.</summary>
    public bool Contains(double x) => x >= Lower && x <= Upper;

    /// <summary>
    /// Whether <paramref name="x"/> lies outside the interval: for a difference interval, <c>Excludes(0)</c> is
    /// "significant at this confidence level".
    /// </summary>
    public bool Excludes(double x) => !Contains(x);
}
