using Notifications.Core.Experiments.Statistics;

namespace Notifications.Core.Tests.Experiments.Statistics;

public sealed class IntervalTests
{
    [Theory]
    [InlineData(-0.1, false)]
    [InlineData(0.0, true)]
    [InlineData(0.05, true)]
    [InlineData(0.1, true)]
    [InlineData(0.1000001, false)]
    public void Contains_PointAroundBounds_BoundsIncluded(double x, bool expected)
    {
        var interval = new Interval(0, 0.1);

        Assert.Equal(expected, interval.Contains(x));
        Assert.Equal(!expected, interval.Excludes(x));
    }

    [Fact]
    public void Excludes_DifferenceIntervalAboveZero_ZeroExcluded()
    {
        Assert.True(new Interval(0.0524, 0.3339).Excludes(0));
        Assert.False(new Interval(-0.0381, 0.1926).Excludes(0));
    }
}
