using MathNet.Numerics.Distributions;
using Notifications.Core.Experiments.Statistics;

namespace Notifications.Core.Tests.Experiments.Statistics;

public sealed class SampleRatioTests
{
    [Fact]
    public void ChiSquarePValue_50000Versus51000At5050_KnownSrmExample()
    {
        // Expected 50,500 per arm: chi² = 2 * 500² / 50,500 = 9.900990, and with 1 df
        // p = erfc(sqrt(9.900990 / 2)) = 0.0016519. Suspicious, but above the 0.001 alarm.
        var p = SampleRatio.ChiSquarePValue([50_000, 51_000], [50, 50]);

        Assert.Equal(0.0016519, p, 7);
        Assert.Equal(1 - ChiSquared.CDF(1, 500_000.0 / 50_500), p, 12);
        Assert.False(SampleRatio.IsMismatch(p));
    }

    [Fact]
    public void ChiSquarePValue_BalancedSplit_PNearOne()
    {
        // chi² = 2 * 12² / 5,000 = 0.0576, p = erfc(sqrt(0.0288)) = 0.81033.
        Assert.Equal(0.81033, SampleRatio.ChiSquarePValue([5_012, 4_988], [50, 50]), 5);
        Assert.Equal(1, SampleRatio.ChiSquarePValue([5_000, 5_000], [50, 50]), 12);
    }

    [Fact]
    public void ChiSquarePValue_SkewedThreeArmSplit_Mismatch()
    {
        // 10/45/45 of 10,000 expects 1,000 / 4,500 / 4,500: chi² = 0 + 200²/4,500 + 200²/4,500 = 17.777778,
        // and with 2 df the tail is exp(-chi²/2) = exp(-8.888889) = 1.3791e-4.
        var p = SampleRatio.ChiSquarePValue([1_000, 4_700, 4_300], [10, 45, 45]);

        Assert.Equal(1.3791e-4, p, 8);
        Assert.True(SampleRatio.IsMismatch(p));
    }

    [Fact]
    public void ChiSquarePValue_SharesAsWeightsOrPercentages_SameP() =>
        Assert.Equal(
            SampleRatio.ChiSquarePValue([1_000, 4_700, 4_300], [10, 45, 45]),
            SampleRatio.ChiSquarePValue([1_000, 4_700, 4_300], [2, 9, 9]),
            12);

    [Fact]
    public void ChiSquarePValue_ZeroShareArmEmpty_ArmLeftOutOfDegreesOfFreedom()
    {
        // With the empty arm counted, df would be 2 and p larger: the same counts must read as the two-arm test.
        var twoArms = SampleRatio.ChiSquarePValue([50_000, 51_000], [50, 50]);

        Assert.Equal(twoArms, SampleRatio.ChiSquarePValue([50_000, 0, 51_000], [50, 0, 50]), 12);
    }

    [Fact]
    public void ChiSquarePValue_UserInZeroShareArm_Zero()
    {
        var p = SampleRatio.ChiSquarePValue([5_000, 5_000, 1], [50, 50, 0]);

        Assert.Equal(0, p);
        Assert.True(SampleRatio.IsMismatch(p));
    }

    [Fact]
    public void ChiSquarePValue_OnlyOneArmWithShare_One() =>
        Assert.Equal(1, SampleRatio.ChiSquarePValue([7_000, 0], [100, 0]));

    [Fact]
    public void ChiSquarePValue_NoUsers_One() =>
        Assert.Equal(1, SampleRatio.ChiSquarePValue([0, 0, 0], [10, 45, 45]));

    [Fact]
    public void ChiSquarePValue_GrossMismatch_SmallPNotRoundedToZero()
    {
        // chi² = 2 * 10,000² / 500,000 = 400 on 1 df: p is about 5e-89, which 1 - CDF would report as 0.
        var p = SampleRatio.ChiSquarePValue([490_000, 510_000], [50, 50]);

        Assert.InRange(p, 1e-100, 1e-80);
    }

    [Fact]
    public void ChiSquarePValue_LengthsDiffer_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => SampleRatio.ChiSquarePValue([1, 2, 3], [50, 50]));

    [Fact]
    public void ChiSquarePValue_NegativeCount_ArgumentOutOfRange() =>
        Assert.Equal(
            "observed",
            Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatio.ChiSquarePValue([10, -1], [50, 50])).ParamName);

    [Theory]
    [InlineData(-10.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ChiSquarePValue_InvalidShare_ArgumentOutOfRange(double share) =>
        Assert.Equal(
            "expectedShares",
            Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatio.ChiSquarePValue([10, 10], [50, share])).ParamName);

    [Fact]
    public void ChiSquarePValue_AllSharesZero_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => SampleRatio.ChiSquarePValue([10, 10], [0, 0]));

    [Theory]
    [InlineData(0.0009999, true)]
    [InlineData(0.001, false)]
    [InlineData(0.0016519, false)]
    public void IsMismatch_AroundThreshold_StrictlyBelowIsMismatch(double pValue, bool expected) =>
        Assert.Equal(expected, SampleRatio.IsMismatch(pValue));
}
