using System.Text.Json;
using System.Text.RegularExpressions;
using Notifications.Gateways;
using Notifications.Gateways.Recording;
using Notifications.Local.Benchmarks;

namespace Notifications.Local.Tests.Benchmarks;

public sealed partial class DeliveryBenchmarkTests
{
    [Fact]
    public async Task RunAsync_DefaultGatewaysWithBaseline_GatewaysInAChildProcessAcceptEveryPush()
    {
        using var output = new StringWriter();

        var exit = await DeliveryBenchmark.RunAsync(new DeliveryBenchmarkOptions { Devices = 3_001, ParallelChunks = 2, Baseline = true }, output, CancellationToken.None);

        Assert.True(exit == 0, output.ToString());
        var lines = output.ToString().TrimEnd().Split('\n');
        var match = SummaryLine().Match(lines[^1]);
        Assert.True(match.Success, lines[^1]);
        Assert.Equal("3001", match.Groups["n"].Value);
        Assert.Matches(BaselineLine(), lines[0]);

        // The child's own count, reported when it stopped: both warm-ups, the baseline's 3,001 and the engine's.
        var sent = 2 * (DeliveryBenchmark.WarmUpPushes + 3_001);
        Assert.Contains($"gateways (child process) accepted {sent} of {sent} pushes sent", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InProcessGatewaysWithLatency_EveryPushAcceptedAfterTheWait()
    {
        using var output = new StringWriter();

        var exit = await DeliveryBenchmark.RunAsync(
            new DeliveryBenchmarkOptions { Devices = 1_000, GatewaysInProcess = true, LatencyMs = 30 }, output, CancellationToken.None);

        Assert.True(exit == 0, output.ToString());
        Assert.Contains("gateways accepted 1000", output.ToString(), StringComparison.Ordinal);
        var p50 = double.Parse(SummaryLine().Match(output.ToString().TrimEnd().Split('\n')[^1]).Groups["p50"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(p50 >= 29, $"p50 {p50} ms with the gateways waiting 30 ms");
    }

    [Fact]
    public async Task RunAsync_GatewaysConfig_SendsToTheGatewaysOfThatFile()
    {
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Recording = RecordingMode.CountOnly });
        var directory = Directory.CreateTempSubdirectory("notify-bench-tests-");
        try
        {
            var config = Path.Combine(directory.FullName, "client-config.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(gateways.WriteClientConfiguration(directory.FullName)));
            using var output = new StringWriter();

            var exit = await DeliveryBenchmark.RunAsync(new DeliveryBenchmarkOptions { Devices = 1_000, GatewaysConfig = config }, output, CancellationToken.None);

            Assert.Equal(0, exit);
            Assert.Equal(1_000 + DeliveryBenchmark.WarmUpPushes, gateways.Recorder.Accepted);
            Assert.Matches(SummaryLine(), output.ToString().TrimEnd().Split('\n')[^1]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_LatencyWithGatewaysConfig_RefusedAsAMistake()
    {
        using var output = new StringWriter();

        var exit = await DeliveryBenchmark.RunAsync(
            new DeliveryBenchmarkOptions { Devices = 10, GatewaysConfig = "client-config.json", LatencyMs = 50 }, output, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("notify gateways --latency-ms", output.ToString(), StringComparison.Ordinal);
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

    [GeneratedRegex(@"^delivery: devices=(?<n>\d+) elapsed=\d+\.\d\d rate=\d+/s p50=(?<p50>\d+\.\d\d)ms p99=\d+\.\d\dms cpu_us_per_push=\d+\.\d alloc_bytes_per_push=\d+ peak_rss_mb=\d+$")]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"^baseline: devices=3001 elapsed=\d+\.\d\d rate=\d+/s cpu_us_per_push=\d+\.\d alloc_bytes_per_push=\d+$")]
    private static partial Regex BaselineLine();
}
