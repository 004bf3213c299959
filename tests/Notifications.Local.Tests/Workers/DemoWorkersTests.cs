using System.Globalization;
using System.Text.RegularExpressions;

namespace Notifications.Local.Tests.Workers;

/// <summary>
/// <c>notify demo --workers 2</c>: the send runs on the demo process and a <c>notify worker</c> child on one task hub,
/// and survives the child being SIGKILLed mid-send: the rest finish it, nothing is lost, and the gateways count what
/// the killed worker's re-run chunks pushed twice.
/// </summary>
[Collection(NotifyProcessCollection.Name)]
public sealed partial class DemoWorkersTests : IDisposable
{
    // Chunks of 100 and a few activities per process, so a send of a few thousand devices is many work items that
    // every process gets some of.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["NOTIFY_Batches__ChunkSize"] = "100",
    };

    private readonly string _root = Directory.CreateTempSubdirectory("notify-workers-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Demo_TwoWorkers_EveryDeviceHasItsOutcomeAndBothRanActivities()
    {
        using var demo = NotifyProcess.Start(
            ["demo", "--users", "2000", "--workers", "2", "--activities", "4", "--resume-after", "00:00:10", "--data", Path.Combine(_root, "two")], Settings);
        var exit = await demo.WaitAsync(TimeSpan.FromMinutes(4));

        Assert.True(exit == 0, demo.Output);
        var summary = Summary().Match(demo.Output);
        Assert.True(summary.Success, demo.Output);
        Assert.Equal(Number(summary, "devices"), Number(summary, "sent") + Number(summary, "invalid"));
        Assert.Equal(0, Number(summary, "failed"));
        Assert.Equal(0, Number(summary, "duplicates"));
        var activities = Activities(demo.Output);
        Assert.Equal(2, activities.Length);
        Assert.All(activities, a => Assert.True(a > 0, demo.Output));
        Assert.Matches(@"partitions: host=\d+ w2=\d+\n", demo.Output);
        Assert.All(ChildIds(demo.Output), id => Assert.False(IsRunning(id), $"worker pid {id} outlived the demo"));
    }

    [Fact]
    public async Task Demo_WorkerKilledMidSend_RestFinishWithNothingLostAndDuplicatesReported()
    {
        // Shards planned one at a time are what keeps the send going: pushes (20 ms each) keep up with the planning,
        // so the kill lands while later shards are still to be planned.
        var settings = new Dictionary<string, string>(Settings)
        {
            ["NOTIFY_Batches__ShardBytes"] = "2048",
            ["NOTIFY_Batches__PlansInFlight"] = "1",
            ["NOTIFY_Batches__ShardsInFlight"] = "2",
        };
        using var demo = NotifyProcess.Start(
            ["demo", "--users", "3000", "--workers", "2", "--activities", "4", "--kill-worker-at", "15", "--gateway-latency-ms", "20",
             "--data", Path.Combine(_root, "killed")], settings);
        var exit = await demo.WaitAsync(TimeSpan.FromMinutes(4));

        Assert.True(exit == 0, demo.Output);
        var kill = Regex.Match(demo.Output, @"worker w2: killed \(SIGKILL, pid \d+\) at \d+% of devices, (?<planned>\d+) of (?<shards>\d+) shards planned; at_risk=(?<risk>\d+) \(on_wire=(?<wire>\d+) answered_unstored=(?<unstored>\d+)\)");
        Assert.True(kill.Success, demo.Output);
        Assert.True(int.Parse(kill.Groups["planned"].Value, CultureInfo.InvariantCulture) < int.Parse(kill.Groups["shards"].Value, CultureInfo.InvariantCulture),
            "the kill came after planning ended, so it proved nothing about a kill mid-plan:\n" + demo.Output);
        var summary = Summary().Match(demo.Output);
        Assert.True(summary.Success, demo.Output);
        Assert.Equal(Number(summary, "devices"), Number(summary, "sent") + Number(summary, "invalid"));
        Assert.Equal(0, Number(summary, "failed"));

        // Only what the killed worker had on the wire or answered but not yet stored goes out again: never more
        // than it published at its end (and that is at most its 4 running chunks of 100 devices).
        var atRisk = long.Parse(kill.Groups["risk"].Value, CultureInfo.InvariantCulture);
        Assert.Equal(atRisk, long.Parse(kill.Groups["wire"].Value, CultureInfo.InvariantCulture) + long.Parse(kill.Groups["unstored"].Value, CultureInfo.InvariantCulture));
        Assert.InRange(atRisk, 0, 400);
        Assert.InRange(Number(summary, "duplicates"), 0, atRisk);
        Assert.Equal(2, Activities(demo.Output).Length);
    }

    private static long Number(Match summary, string name) => long.Parse(summary.Groups[name].Value, CultureInfo.InvariantCulture);

    private static long[] Activities(string output)
    {
        var match = WorkersLine().Match(output);
        Assert.True(match.Success, output);
        return [.. match.Groups["activities"].Value.Split(',').Select(a => long.Parse(a, CultureInfo.InvariantCulture))];
    }

    private static IEnumerable<int> ChildIds(string output) =>
        ChildLine().Matches(output).Select(m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture));

    private static bool IsRunning(int id) =>
        File.Exists($"/proc/{id}/cmdline") && File.ReadAllText($"/proc/{id}/cmdline").Contains("worker", StringComparison.Ordinal);

    [GeneratedRegex(@"^summary: campaign=\S+ targeted=\d+ devices=(?<devices>\d+) sent=(?<sent>\d+) invalid=(?<invalid>\d+) failed=(?<failed>\d+) capped=\d+ deferred=\d+ quiet_skipped=\d+ duplicates=(?<duplicates>\d+) ", RegexOptions.Multiline)]
    private static partial Regex Summary();

    [GeneratedRegex(@"^workers: count=2 activities=(?<activities>\d+,\d+) longest_activity_s=\d+\.\d$", RegexOptions.Multiline)]
    private static partial Regex WorkersLine();

    [GeneratedRegex(@"^worker w\d+: pid (?<pid>\d+) joined", RegexOptions.Multiline)]
    private static partial Regex ChildLine();
}
