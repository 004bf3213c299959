using System.Text;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Batches.Orchestration;

/// <summary>The plan cut into many shards is the same plan as one pass over the file, and an invalid file sends nothing.</summary>
[Collection(StorageCollection.Name)]
public sealed class ShardedSendTests(AzuriteFixture azurite)
{
    private const int Users = 600;

    [Fact]
    public async Task RunAsync_ManyShards_SameDevicesArmsAndCountsAsOneShard()
    {
        var file = ExperimentFile();

        var (onePass, onePassDevices) = await DryRunAsync(shardBytes: 64 * 1024 * 1024, file);
        var (sharded, shardedDevices) = await DryRunAsync(shardBytes: 512, file);

        Assert.Equal(1, onePass.Shards);
        Assert.InRange(sharded.Shards, 8, 64);
        Assert.Equal(BatchOutcome.DryRun, sharded.Outcome);
        Assert.Equal(
            (onePass.Users, onePass.ControlUsers, onePass.UsersWithoutDevices, onePass.Devices),
            (sharded.Users, sharded.ControlUsers, sharded.UsersWithoutDevices, sharded.Devices));
        Assert.Equal(onePass.Arms, sharded.Arms);
        Assert.Equal(onePassDevices.Order(), shardedDevices.Order());

        // Users u0..u599 with 1.5 devices each, the explicit repeat of u1's token counted once, one device of nobody.
        Assert.Equal(Users, sharded.Users);

        // No device twice, even with another arm or owner: u1's token is listed and also reached through u1.
        Assert.Equal(shardedDevices.Count, shardedDevices.Select(d => string.Join('|', d.Split('|')[..2])).Distinct().Count());
    }

    [Theory]
    [InlineData("\"u0\"", "audience.users[20000]: the same user as audience.users[0]")]
    [InlineData("\"not a user\"", "audience.users[20000]: not a user id")]
    public async Task RunAsync_BadEntryAtTheEndOfALargeFile_RefusedAndNothingPushed(string last, string problem)
    {
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: new Dictionary<string, string?> { ["Batches:ShardBytes"] = "1024" });
        await harness.SeedAsync(200);
        var ids = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"u{i}\""));
        var json = "{\"campaignId\":\"late-error\",\"message\":{\"title\":\"t\"},\"audience\":{\"users\":[" + ids + "," + last + "]}}";

        var summary = await harness.SendAsync("late-error.json", json);

        Assert.Equal(BatchOutcome.Failed, summary.Outcome);
        Assert.Contains(summary.Problems, p => p.StartsWith(problem, StringComparison.Ordinal));
        Assert.Equal(0, summary.Shards);
        Assert.Equal(0, harness.Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task GetStatusAsync_WhileShardsPlanAndSend_CountsOnlyGrowAndEndAtTheSummary()
    {
        await using var harness = await BatchHarness.StartAsync(azurite,
            new Notifications.Gateways.LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(30) },
            new Dictionary<string, string?> { ["Batches:ShardBytes"] = "128", ["Batches:ShardsInFlight"] = "2", ["Batches:PlansInFlight"] = "1", ["Batches:ChunkSize"] = "5" });
        // Enough shards (about 30) that planning one at a time outlasts the first shard's send.
        await harness.SeedAsync(320);
        var batchId = await harness.StartAsync("watched.json", BatchHarness.BatchJson(320));

        var seen = new List<Notifications.Core.Batches.BatchStatus>();
        while (seen.LastOrDefault() is not { IsFinished: true })
        {
            seen.Add((await harness.Batches.GetStatusAsync(harness.Client, batchId))!);
            await Task.Delay(20);
        }

        var summary = seen[^1].Summary!;
        var sending = seen.Where(s => s.Phase == BatchPhase.Sending).ToList();
        Assert.True(summary.Shards > 2);
        Assert.Contains(sending, s => s.ShardsPlanned < s.Shards && s.Counts.Sent > 0);
        for (var i = 1; i < seen.Count; i++)
        {
            Assert.True(seen[i].Counts.Sent >= seen[i - 1].Counts.Sent, $"sent went down at poll {i}");
            Assert.True(seen[i].Devices >= seen[i - 1].Devices, $"planned devices went down at poll {i}");
        }

        Assert.All(sending, s => Assert.InRange(s.Counts.Sent + s.Counts.Invalid, 0, s.Devices));
        Assert.Equal(480, summary.Devices);
        Assert.Equal(480, seen[^1].Counts.Sent);
    }

    private async Task<(BatchSummary Summary, List<string> Devices)> DryRunAsync(int shardBytes, string file)
    {
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: new Dictionary<string, string?>
        {
            ["Batches:ShardBytes"] = shardBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Batches:ChunkSize"] = "50",
        });
        await harness.SeedAsync(Users - 20);
        var summary = await harness.SendAsync("same-plan.json", file);
        var devices = (await harness.PlannedDevicesAsync(summary)).Select(d => $"{d.Platform}|{d.Token}|{d.UserId}|{d.Variant}").ToList();
        Assert.Equal(0, harness.Gateways.Recorder.Requests);
        return (summary, devices);
    }

    private static string ExperimentFile()
    {
        var json = new StringBuilder("""
            {"campaignId":"same-plan","options":{"dryRun":true},
             "experiment":{"id":"same-plan-exp","controlPercent":10,"variants":[
               {"name":"a","percent":45,"message":{"title":"A"}},{"name":"b","percent":45,"message":{"title":"B"}}]},
             "audience":{"devices":[{"platform":"android","token":"fcm-u1:APA91b","userId":"u1"},{"platform":"ios","token":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}],
             "users":[
            """);
        json.Append(string.Join(",", Enumerable.Range(0, Users).Select(i => $"\"u{i}\"")));
        json.Append("]}}");
        return json.ToString();
    }
}
