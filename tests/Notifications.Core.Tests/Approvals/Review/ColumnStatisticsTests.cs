using System.Globalization;
using Notifications.Core.Approvals.Review;

namespace Notifications.Core.Tests.Approvals.Review;

public sealed class ColumnStatisticsTests
{
    [Fact]
    public void Summarize_FewDistinctValues_ExactCountsMostCommonFirstLongestAndEmpties()
    {
        var statistics = new ColumnStatistics("first_name");
        foreach (var value in new[] { "Ana", "Ben", "Ana", null, "", "Chloé", "Ana", "Ben", "Maximiliano" })
        {
            statistics.Observe(value);
        }

        var summary = statistics.Summarize(top: 2);

        Assert.Equal((7L, 2L, 4L, true), (summary.WithValue, summary.Empty, summary.Distinct, summary.DistinctExact));
        Assert.Equal([new ValueCount("Ana", 3, true), new ValueCount("Ben", 2, true)], summary.Top);
        Assert.Equal("Maximiliano", summary.Longest);
    }

    [Fact]
    public void Summarize_ManyDistinctValues_HeavyHittersFoundAndMarkedEstimatedDistinctEstimated()
    {
        // 50,000 users: one sentence for a fifth of them (what a query that puts one text everywhere looks like),
        // another for a tenth, and 20,000 different names between them.
        var statistics = new ColumnStatistics("first_name");
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 50_000; i++)
        {
            var value = i % 5 == 0 ? "Your account is locked" : i % 10 == 1 ? "Call us now" : "name-" + (i % 20_000).ToString(CultureInfo.InvariantCulture);
            statistics.Observe(value);
            distinct.Add(value);
        }

        var summary = statistics.Summarize(top: 3);

        Assert.Equal("Your account is locked", summary.Top[0].Value);
        Assert.InRange(summary.Top[0].Count, 10_000, 10_000 + 50_000 / ColumnStatistics.Tracked);
        Assert.Equal("Call us now", summary.Top[1].Value);
        Assert.False(summary.DistinctExact);
        Assert.InRange(summary.Distinct, distinct.Count * 0.97, distinct.Count * 1.03);
    }

    [Fact]
    public void Summarize_SameRowsSameOrder_SameSummary()
    {
        static ColumnSummary Run()
        {
            var statistics = new ColumnStatistics("c");
            for (var i = 0; i < 5_000; i++)
            {
                statistics.Observe("v" + (i * 7919 % 300).ToString(CultureInfo.InvariantCulture));
            }

            return statistics.Summarize(5);
        }

        var first = Run();
        var second = Run();

        Assert.Equal(first.Top, second.Top);
        Assert.Equal(first.Distinct, second.Distinct);
    }
}
