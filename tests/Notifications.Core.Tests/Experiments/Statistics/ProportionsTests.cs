using MathNet.Numerics.Distributions;
using Notifications.Core.Experiments.Statistics;

namespace Notifications.Core.Tests.Experiments.Statistics;

public sealed class ProportionsTests
{
    // Newcombe RG (1998a). Two-sided confidence intervals for the single proportion: comparison of seven methods.
    // Statistics in Medicine 17:857-872, Table I, method 3 (score interval without continuity correction).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_Newcombe1998aTableI_MatchesPublishedFourDecimals(long successes, long trials, double lower, double upper)
    {
        var interval = Proportions.Wilson(successes, trials);

        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
    }

    [Fact]
    public void Wilson_NoSuccessesOrAll_BoundExactlyZeroOrOne()
    {
        Assert.Equal(0, Proportions.Wilson(0, 20).Lower);
        Assert.Equal(1, Proportions.Wilson(20, 20).Upper);
    }

    [Fact]
    public void Wilson_NoTrials_WholeUnitInterval() =>
        Assert.Equal(new Interval(0, 1), Proportions.Wilson(0, 0));

    [Fact]
    public void Wilson_HigherConfidence_WiderInterval()
    {
        var at90 = Proportions.Wilson(81, 263, 0.90);
        var at99 = Proportions.Wilson(81, 263, 0.99);

        Assert.True(at99.Lower < at90.Lower && at99.Upper > at90.Upper);
    }

    [Theory]
    [InlineData(-1, 10, 0.95)]
    [InlineData(0, -1, 0.95)]
    [InlineData(11, 10, 0.95)]
    [InlineData(5, 10, 0.0)]
    [InlineData(5, 10, 1.0)]
    [InlineData(5, 10, 95.0)]
    [InlineData(5, 10, double.NaN)]
    public void Wilson_InvalidArguments_ArgumentOutOfRange(long successes, long trials, double confidence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.Wilson(successes, trials, confidence));

    // Newcombe RG (1998b). Interval estimation for the difference between independent proportions: comparison of
    // eleven methods. Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score, no continuity correction).
    // Rows (a), (b), (d)-(h). Row (c), 6/7 - 2/7, is in the next test.
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    [InlineData(0, 10, 0, 20, -0.1611, 0.2775)]
    [InlineData(0, 10, 0, 10, -0.2775, 0.2775)]
    [InlineData(10, 10, 0, 20, 0.6791, 1.0000)]
    [InlineData(10, 10, 0, 10, 0.6075, 1.0000)]
    public void NewcombeDifference_Newcombe1998bTableII_MatchesPublishedFourDecimals(
        long successes1, long trials1, long successes2, long trials2, double lower, double upper)
    {
        var interval = Proportions.NewcombeDifference(successes1, trials1, successes2, trials2);

        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
    }

    [Fact]
    public void NewcombeDifference_SixOfSevenMinusTwoOfSeven_MatchesHandComputation()
    {
        // Expected from method 10's formulas by hand, not from a published table we could check: Wilson 95% intervals
        // (z = 1.959964) are 6/7 -> 0.486872 to 0.974320 and 2/7 -> 0.082219 to 0.641066, so with d = 4/7
        //   L = 0.571429 - sqrt((0.857143 - 0.486872)² + (0.641066 - 0.285714)²) = 0.0582
        //   U = 0.571429 + sqrt((0.974320 - 0.857143)² + (0.285714 - 0.082219)²) = 0.8062.
        // The value we were handed for this row of Table II, 0.0217 to 0.8137, does not follow from the method.
        var interval = Proportions.NewcombeDifference(6, 7, 2, 7);

        Assert.Equal(0.0582, interval.Lower, 4);
        Assert.Equal(0.8062, interval.Upper, 4);
    }

    [Fact]
    public void NewcombeDifference_ArmsSwapped_IntervalMirrored()
    {
        var forward = Proportions.NewcombeDifference(5, 56, 0, 29);
        var backward = Proportions.NewcombeDifference(0, 29, 5, 56);

        Assert.Equal(-forward.Upper, backward.Lower, 12);
        Assert.Equal(-forward.Lower, backward.Upper, 12);
    }

    [Fact]
    public void NewcombeDifference_ArmWithoutTrials_WholeRange()
    {
        Assert.Equal(new Interval(-1, 1), Proportions.NewcombeDifference(0, 0, 3, 10));
        Assert.Equal(new Interval(-1, 1), Proportions.NewcombeDifference(3, 10, 0, 0));
    }

    [Fact]
    public void NewcombeDifference_InvalidArguments_ArgumentOutOfRangeNamingTheArgument()
    {
        Assert.Equal("successes2", Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.NewcombeDifference(1, 10, 11, 10)).ParamName);
        Assert.Equal("trials1", Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.NewcombeDifference(0, -1, 1, 10)).ParamName);
        Assert.Equal("confidence", Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.NewcombeDifference(1, 10, 1, 10, 1.5)).ParamName);
    }

    [Fact]
    public void TwoProportionPValue_56of70Versus48of80_ChiSquareWithoutYates()
    {
        // The 2x2 table [[56, 14], [48, 32]], N = 150, by the shortcut formula without Yates' correction:
        //   chi² = N(ad - bc)² / ((a+b)(c+d)(a+c)(b+d)) = 150 * (1792 - 672)² / (70 * 80 * 104 * 46)
        //        = 188,160,000 / 26,790,400 = 7.023411
        // and its chi-square(1) upper tail is erfc(sqrt(7.023411 / 2)) = 0.0080451.
        const double chiSquare = 188_160_000.0 / 26_790_400.0;

        var p = Proportions.TwoProportionPValue(56, 70, 48, 80);

        Assert.Equal(0.0080451, p, 7);
        // The z-test and the chi-square test are one test: p is the chi-square(1) tail at z² = chi².
        Assert.Equal(1 - ChiSquared.CDF(1, chiSquare), p, 12);
    }

    [Fact]
    public void TwoProportionPValue_ThreePointLiftOn5000PerArm_MatchesHandComputedZ()
    {
        // 1130/5000 = 0.226 against 1000/5000 = 0.200, pooled p = 2130/10000 = 0.213:
        //   se = sqrt(0.213 * 0.787 * (1/5000 + 1/5000)) = sqrt(6.70524e-5) = 0.00818855
        //   z  = 0.026 / 0.00818855 = 3.175164
        //   p  = 2 * (1 - Phi(3.175164)) = 0.0014975
        var p = Proportions.TwoProportionPValue(1130, 5000, 1000, 5000);

        Assert.Equal(0.0014975, p, 7);
    }

    [Fact]
    public void TwoProportionPValue_ArmsSwapped_SameP() =>
        Assert.Equal(Proportions.TwoProportionPValue(1130, 5000, 1000, 5000), Proportions.TwoProportionPValue(1000, 5000, 1130, 5000), 15);

    [Theory]
    [InlineData(0, 100, 0, 100)]
    [InlineData(100, 100, 50, 50)]
    [InlineData(0, 0, 5, 10)]
    [InlineData(5, 10, 0, 0)]
    [InlineData(30, 100, 30, 100)]
    public void TwoProportionPValue_NothingToTest_One(long successes1, long trials1, long successes2, long trials2) =>
        Assert.Equal(1, Proportions.TwoProportionPValue(successes1, trials1, successes2, trials2));

    [Fact]
    public void TwoProportionPValue_HugeLift_SmallPNotRoundedToZero()
    {
        // z = 16.33, p = 6.0e-60: far below where 1 - CDF would round to 0.
        var p = Proportions.TwoProportionPValue(3000, 10_000, 2000, 10_000);

        Assert.InRange(p, 1e-80, 1e-50);
    }

    [Theory]
    [InlineData(-1, 10, 1, 10)]
    [InlineData(11, 10, 1, 10)]
    [InlineData(1, 10, 1, -10)]
    public void TwoProportionPValue_InvalidCounts_ArgumentOutOfRange(long successes1, long trials1, long successes2, long trials2) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.TwoProportionPValue(successes1, trials1, successes2, trials2));

    [Fact]
    public void NewcombeDifferenceAndWilson_RandomCounts_ContainEstimateWithinBounds()
    {
        // Seeded so a failure reproduces; the counts include empty, all-success and very large arms.
        var random = new Random(20_260_614);
        double[] confidences = [0.8, 0.9, 0.95, 0.99, 0.999];

        for (var i = 0; i < 20_000; i++)
        {
            var trials1 = RandomTrials(random);
            var trials2 = RandomTrials(random);
            var successes1 = RandomSuccesses(random, trials1);
            var successes2 = RandomSuccesses(random, trials2);
            var confidence = confidences[random.Next(confidences.Length)];
            var p1 = (double)successes1 / trials1;
            var p2 = (double)successes2 / trials2;

            var wilson = Proportions.Wilson(successes1, trials1, confidence);
            var difference = Proportions.NewcombeDifference(successes1, trials1, successes2, trials2, confidence);

            var what = $"{successes1}/{trials1} - {successes2}/{trials2} at {confidence}";
            Assert.True(wilson.Lower >= 0 && wilson.Upper <= 1, what);
            Assert.True(wilson.Contains(p1), what);
            Assert.True(difference.Contains(p1 - p2), what);
            Assert.True(difference.Lower >= -1 && difference.Upper <= 1, what);
        }
    }

    private static long RandomTrials(Random random) => random.Next(4) switch
    {
        0 => random.Next(1, 20),
        1 => random.Next(1, 2_000),
        _ => random.NextInt64(1, 10_000_000),
    };

    private static long RandomSuccesses(Random random, long trials) => random.Next(5) switch
    {
        0 => 0,
        1 => trials,
        2 => Math.Min(trials, random.Next(0, 5)),
        _ => random.NextInt64(0, trials + 1),
    };
}
