using System.Text.RegularExpressions;
using Notifications.Local.Benchmarks;

namespace Notifications.Local.Tests.Benchmarks;

public sealed partial class DeliveryBenchmarkTests
{
    [Fact]
    public async Task RunAsync_SmallN_EveryPushAcceptedAndSummaryLineLast()
    {
        using var output = new StringWriter();

        var exit = await DeliveryBenchmark.RunAsync(3_001, parallelChunks: 2, output, CancellationToken.None);

        Assert.Equal(0, exit);
        var last = output.ToString().TrimEnd().Split('\n')[^1];
        var match = SummaryLine().Match(last);
        Assert.True(match.Success, last);
        Assert.Equal("3001", match.Groups["n"].Value);
        Assert.Contains("client delivered 3001", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LatencyHistogram_Quantiles_WithinOnePercent()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 1000; i++)
        {
            histogram.Record(i);
        }

        Assert.InRange(histogram.Quantile(0.5), 495, 505);
        Assert.InRange(histogram.Quantile(0.99), 980, 1000);
    }

    [GeneratedRegex(@"^delivery: devices=(?<n>\d+) elapsed=\d+\.\d\d rate=\d+/s p50=\d+\.\d\dms p99=\d+\.\d\dms peak_rss_mb=\d+$")]
    private static partial Regex SummaryLine();
}
