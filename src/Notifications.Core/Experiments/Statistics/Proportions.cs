using System.Runtime.CompilerServices;
using MathNet.Numerics.Distributions;

namespace Notifications.Core.Experiments.Statistics;

/// <summary>
/// Confidence intervals and a test for binomial proportions (conversion rates of experiment arms), by the score
/// methods Newcombe recommends: they keep near-nominal coverage with small counts and rates near 0 or 1, where the
/// textbook Wald interval fails.
/// </summary>
public static class Proportions
{
    /// <summary>
    /// The Wilson score interval for <paramref name="successes"/> out of <paramref name="trials"/>, without
    /// continuity correction (Newcombe 1998, "Two-sided confidence intervals for the single proportion", method 3).
    /// </summary>
    /// <param name="successes">Successes, 0 to <paramref name="trials"/>.</param>
    /// <param name="trials">Trials, 0 or more; with none, the interval is (0, 1).</param>
    /// <param name="confidence">Two-sided confidence level, strictly between 0 and 1.</param>
    public static Interval Wilson(long successes, long trials, double confidence = 0.95)
    {
        ValidateCounts(successes, trials);
        var z = CriticalValue(confidence);
        return WilsonCore(successes, trials, z);
    }

    /// <summary>
    /// The interval for p1 - p2 by Newcombe's hybrid score method without continuity correction (Newcombe 1998,
    /// "Interval estimation for the difference between independent proportions", method 10): the Wilson intervals
    /// of the two arms combined.
    /// </summary>
    /// <param name="successes1">Successes in the first arm (the variant).</param>
    /// <param name="trials1">Trials in the first arm; with none in either arm, the interval is (-1, 1).</param>
    /// <param name="successes2">Successes in the second arm (the control).</param>
    /// <param name="trials2">Trials in the second arm.</param>
    /// <param name="confidence">Two-sided confidence level, strictly between 0 and 1.</param>
    public static Interval NewcombeDifference(long successes1, long trials1, long successes2, long trials2, double confidence = 0.95)
    {
        ValidateCounts(successes1, trials1);
        ValidateCounts(successes2, trials2);
        var z = CriticalValue(confidence);

        // An arm with no trials has no point estimate, so nothing narrower than every possible difference is honest.
        if (trials1 == 0 || trials2 == 0)
        {
            return new Interval(-1, 1);
        }

        var p1 = (double)successes1 / trials1;
        var p2 = (double)successes2 / trials2;
        var (l1, u1) = WilsonCore(successes1, trials1, z);
        var (l2, u2) = WilsonCore(successes2, trials2, z);
        var delta = p1 - p2;

        return new Interval(
            delta - Math.Sqrt(((p1 - l1) * (p1 - l1)) + ((u2 - p2) * (u2 - p2))),
            delta + Math.Sqrt(((u1 - p1) * (u1 - p1)) + ((p2 - l2) * (p2 - l2))));
    }

    /// <summary>
    /// The two-sided p-value of the pooled two-proportion z-test of p1 = p2, which is the 2x2 chi-square test
    /// without Yates' correction (z² is that chi-square).
    /// </summary>
    /// <param name="successes1">Successes in the first arm.</param>
    /// <param name="trials1">Trials in the first arm.</param>
    /// <param name="successes2">Successes in the second arm.</param>
    /// <param name="trials2">Trials in the second arm.</param>
    /// <returns>The p-value; 1 when either arm has no trials or the pooled proportion is 0 or 1 (no variance to test).</returns>
    public static double TwoProportionPValue(long successes1, long trials1, long successes2, long trials2)
    {
        ValidateCounts(successes1, trials1);
        ValidateCounts(successes2, trials2);
        if (trials1 == 0 || trials2 == 0)
        {
            return 1;
        }

        var pooled = (double)(successes1 + successes2) / (trials1 + trials2);
        if (pooled <= 0 || pooled >= 1)
        {
            return 1;
        }

        var standardError = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / trials1) + (1.0 / trials2)));
        var z = (((double)successes1 / trials1) - ((double)successes2 / trials2)) / standardError;

        // The lower tail at -|z| rather than 1 - CDF(|z|): the subtraction would round small p-values to 0.
        return Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
    }

    private static Interval WilsonCore(long successes, long trials, double z)
    {
        if (trials == 0)
        {
            return new Interval(0, 1);
        }

        // Newcombe's closed form: (2r + z² ± z·sqrt(z² + 4rq)) / (2(n + z²)).
        var r = (double)successes;
        var n = (double)trials;
        var q = 1 - (r / n);
        var z2 = z * z;
        var centre = (2 * r) + z2;
        var spread = z * Math.Sqrt(z2 + (4 * r * q));
        var denominator = 2 * (n + z2);

        // At r = 0 (or r = n) the bound is exactly 0 (or 1), but z² - z·sqrt(z²) can round to a hair either side.
        var lower = successes == 0 ? 0 : (centre - spread) / denominator;
        var upper = successes == trials ? 1 : (centre + spread) / denominator;
        return new Interval(lower, upper);
    }

    private static double CriticalValue(double confidence)
    {
        // Written so NaN fails too.
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must be strictly between 0 and 1.");
        }

        return Normal.InvCDF(0, 1, 1 - ((1 - confidence) / 2));
    }

    // The caller's argument names, so an exception names successes2 rather than successes.
    private static void ValidateCounts(
        long successes,
        long trials,
        [CallerArgumentExpression(nameof(successes))] string? successesName = null,
        [CallerArgumentExpression(nameof(trials))] string? trialsName = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials, trialsName);
        ArgumentOutOfRangeException.ThrowIfNegative(successes, successesName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials, successesName);
    }
}
