using MathNet.Numerics;

namespace Notifications.Core.Experiments.Statistics;

/// <summary>
/// Sample ratio mismatch (SRM) check: whether the users counted per arm fit the configured split. A mismatch means
/// assignment or logging is broken and the experiment's lift figures cannot be trusted, whatever they say.
/// </summary>
public static class SampleRatio
{
    /// <summary>
    /// The conventional SRM alarm level: strict, because the check runs on every readout and a false alarm stops a
    /// sound experiment being read.
    /// </summary>
    public const double Threshold = 0.001;

    /// <summary>Whether <paramref name="pValue"/> from <see cref="ChiSquarePValue"/> signals a sample ratio mismatch.</summary>
    public static bool IsMismatch(double pValue) => pValue < Threshold;

    /// <summary>
    /// The p-value of Pearson's chi-square goodness-of-fit test of <paramref name="observed"/> counts against
    /// <paramref name="expectedShares"/>, with k - 1 degrees of freedom over the k arms that have a positive share.
    /// </summary>
    /// <param name="observed">Users counted per arm, none negative.</param>
    /// <param name="expectedShares">
    /// The configured share of each arm, in the same order: percentages or any weights, normalised by their sum. An
    /// arm with share 0 expects no one, so a single user counted there makes the p-value 0.
    /// </param>
    /// <returns>The p-value; 1 when no users were counted.</returns>
    public static double ChiSquarePValue(IReadOnlyList<long> observed, IReadOnlyList<double> expectedShares)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(expectedShares);
        if (observed.Count != expectedShares.Count)
        {
            throw new ArgumentException(
                $"{observed.Count} observed counts but {expectedShares.Count} expected shares: one of each per arm.",
                nameof(expectedShares));
        }

        var total = 0.0;
        var shareSum = 0.0;
        for (var i = 0; i < observed.Count; i++)
        {
            if (observed[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(observed), observed[i], $"Arm {i}: a count cannot be negative.");
            }

            // Written so NaN fails too.
            if (!(expectedShares[i] >= 0 && double.IsFinite(expectedShares[i])))
            {
                throw new ArgumentOutOfRangeException(nameof(expectedShares), expectedShares[i], $"Arm {i}: a share must be finite and not negative.");
            }

            total += observed[i];
            shareSum += expectedShares[i];
        }

        if (!(shareSum > 0))
        {
            throw new ArgumentException("At least one arm must have a positive share.", nameof(expectedShares));
        }

        if (total == 0)
        {
            return 1;
        }

        var chiSquare = 0.0;
        var armsWithShare = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            if (expectedShares[i] == 0)
            {
                // Expected 0, observed some: the statistic is infinite, no split can produce this.
                if (observed[i] > 0)
                {
                    return 0;
                }

                continue;
            }

            armsWithShare++;
            var expected = total * expectedShares[i] / shareSum;
            var deviation = observed[i] - expected;
            chiSquare += deviation * deviation / expected;
        }

        // One arm with a share and everyone in it: nothing could have deviated.
        if (armsWithShare < 2)
        {
            return 1;
        }

        // The chi-square survival function Q(k/2, x/2) directly, not 1 - CDF, which rounds p-values under ~1e-16 to 0.
        return SpecialFunctions.GammaUpperRegularized((armsWithShare - 1) / 2.0, chiSquare / 2);
    }
}
