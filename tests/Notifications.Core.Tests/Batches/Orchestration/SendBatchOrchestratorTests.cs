using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Infrastructure;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Batches.Orchestration;

[Collection(StorageCollection.Name)]
public sealed class SendBatchOrchestratorTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> SmallShards = new()
    {
        ["Batches:ChunkSize"] = "7",
        ["Batches:ShardBytes"] = "128",
        ["Batches:ShardsInFlight"] = "2",
    };

    [Fact]
    public async Task RunAsync_ValidFile_EveryDevicePushedOnceAcrossShards()
    {
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: SmallShards);
        await harness.SeedAsync(30);

        var summary = await harness.SendAsync("launch.json", BatchHarness.BatchJson(30, "artist-launch"));

        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.Equal(30, summary.Users);
        Assert.Equal(45, summary.Devices);
        Assert.Equal(45, summary.Counts.Sent);
        Assert.Equal(summary.Chunks, summary.Counts.ChunksDone);
        Assert.Equal(45, harness.Gateways.Recorder.Accepted);
        Assert.Equal(0, harness.Gateways.Recorder.Duplicates);
        Assert.All(harness.Gateways.Recorder.Records, r => Assert.Equal("artist-launch", r.CollapseId));

        // A file of a few hundred bytes at 128 bytes a shard: several sub-orchestrations, two at a time, none holding
        // the list, and every shard's chunks counted once.
        Assert.InRange(summary.Shards, 2, 8);
        var shards = new List<ShardPlan>();
        for (var s = 0; s < summary.Shards; s++)
        {
            var shard = await harness.Client.GetInstanceAsync(BatchInstanceIds.Shard(summary.BatchId, s), getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, shard!.RuntimeStatus);
            Assert.DoesNotContain("fcm-u", shard.SerializedInput, StringComparison.Ordinal);
            Assert.DoesNotContain("fcm-u", shard.SerializedOutput, StringComparison.Ordinal);
            shards.Add(shard.ReadInputAs<ShardSendInput>()!.Plan);
        }

        Assert.Null(await harness.Client.GetInstanceAsync(BatchInstanceIds.Shard(summary.BatchId, summary.Shards)));
        Assert.Equal(45, shards.Sum(s => s.Devices));
        Assert.Equal(summary.Chunks, shards.Sum(s => s.Chunks));
        Assert.All(shards, s => Assert.Equal((s.Devices + 6) / 7, s.Chunks));
    }

    [Fact]
    public async Task RunAsync_UnregisteredTokens_CountedInvalidAndRemovedFromRegistry()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(10, (i, platform) => (i, platform) switch
        {
            (3, PushPlatform.Android) => "unreg-fcm-u3",
            (4, PushPlatform.Ios) => "unreg-apns-u4",
            (_, PushPlatform.Android) => $"fcm-u{i}",
            _ => BatchHarness.ApnsToken(i),
        });

        var summary = await harness.SendAsync("invalid-tokens.json", BatchHarness.BatchJson(10));

        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.Equal(2, summary.Counts.Invalid);
        Assert.Equal(13, summary.Counts.Sent);
        Assert.Empty(await harness.Registry.GetDevicesAsync("u3"));
        Assert.Equal([PushPlatform.Android], (await harness.Registry.GetDevicesAsync("u4")).Select(d => d.Platform));
    }

    [Fact]
    public async Task RunAsync_DuplicateUser_FailsNamingBothPositionsAndPushesNothing()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(5);

        var summary = await harness.SendAsync("dup.json", """
            {"campaignId":"c","message":{"title":"t"},"audience":{"users":["u0","u1","u2","u1"]}}
            """);

        Assert.Equal(BatchOutcome.Failed, summary.Outcome);
        Assert.Equal(["audience.users[3]: the same user as audience.users[1]"], summary.Problems);
        Assert.StartsWith("the batch file was refused", summary.Error, StringComparison.Ordinal);
        Assert.Equal(0, harness.Gateways.Recorder.Requests);
    }

    public static TheoryData<string, byte[], string> BadFiles()
    {
        const string message = "\"message\":{\"title\":\"t\"}";
        return new TheoryData<string, byte[], string>
        {
            { "truncated", Encoding.UTF8.GetBytes("{\"campaignId\":\"c\"," + message + ",\"audience\":{\"users\":[\"u0\",\"u1"), "truncated" },
            { "wrong-type", Encoding.UTF8.GetBytes("{\"campaignId\":[1]," + message + ",\"audience\":{\"users\":[\"u0\"]}}"), "campaignId: must be a string" },
            { "huge-string", Encoding.UTF8.GetBytes("{\"campaignId\":\"c\"," + message + ",\"audience\":{\"users\":[\"" + new string('x', 10 * 1024 * 1024) + "\"]}}"), "longer than 1048576 bytes" },
            { "platform", Encoding.UTF8.GetBytes("{\"campaignId\":\"c\"," + message + ",\"audience\":{\"devices\":[{\"platform\":\"symbian\",\"token\":\"t\"}]}}"), "not a platform" },
            { "utf16", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"campaignId\":\"c\"}")], "UTF-16" },
            { "duplicate-key", Encoding.UTF8.GetBytes("{\"campaignId\":\"c\",\"campaignId\":\"d\"," + message + ",\"audience\":{\"users\":[\"u0\"]}}"), "appears twice" },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles), DisableDiscoveryEnumeration = true)]
    public async Task RunAsync_BadFile_FailsWithItsClearErrorAndPushesNothing(string name, byte[] content, string expected)
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(2);
        await harness.Batches.UploadAsync(name + ".json", content);

        var started = await harness.Batches.StartAsync(harness.Client, name + ".json");
        var summary = await harness.WaitAsync(started!.BatchId);

        Assert.Equal(BatchOutcome.Failed, summary.Outcome);
        Assert.Contains(summary.Problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(0, summary.Chunks);
        Assert.Equal(0, harness.Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task RunAsync_FileChangedMidSend_StopsWithClearReason()
    {
        await using var harness = await BatchHarness.StartAsync(azurite,
            new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(100) },
            new Dictionary<string, string?> { ["Batches:ChunkSize"] = "4", ["Fcm:MaxConcurrency"] = "1", ["Apns:MaxConcurrency"] = "1" });
        await harness.SeedAsync(40);
        var batchId = await harness.StartAsync("changing.json", BatchHarness.BatchJson(40));
        await WaitUntilAsync(() => harness.Gateways.Recorder.Accepted > 0);

        await harness.Batches.UploadAsync("changing.json", Encoding.UTF8.GetBytes(BatchHarness.BatchJson(3)));
        var summary = await harness.WaitAsync(batchId);

        Assert.Equal(BatchOutcome.Failed, summary.Outcome);
        Assert.Contains("changed (ETag", summary.Error, StringComparison.Ordinal);
        Assert.Contains("mid-send", summary.Error, StringComparison.Ordinal);
        Assert.True(summary.Counts.Sent < 60, $"sent {summary.Counts.Sent}");
        Assert.Equal(60, summary.Counts.Sent + summary.Counts.Failed);
    }

    [Fact]
    public async Task CancelAsync_WhileSending_ChunksNotStartedDoNotSend()
    {
        await using var harness = await BatchHarness.StartAsync(azurite,
            new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(100) },
            new Dictionary<string, string?> { ["Batches:ChunkSize"] = "4", ["Fcm:MaxConcurrency"] = "1", ["Apns:MaxConcurrency"] = "1" });
        await harness.SeedAsync(40);
        var batchId = await harness.StartAsync("cancel.json", BatchHarness.BatchJson(40));
        await WaitUntilAsync(() => harness.Gateways.Recorder.Accepted > 0);

        Assert.True(await harness.Batches.CancelAsync(harness.Client, batchId, "test operator"));
        var summary = await harness.WaitAsync(batchId);
        var acceptedAtEnd = harness.Gateways.Recorder.Accepted;
        await Task.Delay(500);

        Assert.Equal(BatchOutcome.Cancelled, summary.Outcome);
        Assert.True(summary.Counts.Sent < 60, $"sent {summary.Counts.Sent}");
        Assert.True(summary.Counts.ChunksCancelled > 0);
        Assert.Equal(acceptedAtEnd, harness.Gateways.Recorder.Accepted);
        var status = await harness.Batches.GetStatusAsync(harness.Client, batchId);
        Assert.Equal(BatchOutcome.Cancelled, status!.Summary!.Outcome);
    }

    [Fact]
    public async Task CancelAsync_ShardsPlannedButNotYetSending_NeverSentNorCountedAsFailed()
    {
        // One shard sends at a time while four are planned ahead: at the cancel, planned shards wait for a slot.
        await using var harness = await BatchHarness.StartAsync(azurite,
            new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(100) },
            new Dictionary<string, string?>
            {
                ["Batches:ChunkSize"] = "4", ["Batches:ShardBytes"] = "128", ["Batches:ShardsInFlight"] = "1", ["Batches:PlansInFlight"] = "4",
                ["Fcm:MaxConcurrency"] = "1", ["Apns:MaxConcurrency"] = "1",
            });
        var devices = await harness.SeedAsync(40);
        var batchId = await harness.StartAsync("cancel-planned.json", BatchHarness.BatchJson(40));
        await WaitUntilAsync(() => harness.Gateways.Recorder.Accepted > 0);
        await Notifications.Core.Tests.Approvals.ApprovalHarness.WaitUntilAsync(async () => (await harness.Batches.GetStatusAsync(harness.Client, batchId))!.ShardsPlanned > 1);

        Assert.True(await harness.Batches.CancelAsync(harness.Client, batchId, "test operator"));
        var summary = await harness.WaitAsync(batchId);

        Assert.Equal(BatchOutcome.Cancelled, summary.Outcome);
        Assert.True(summary.Shards > 2);
        Assert.InRange(summary.Devices, 1, devices.Count - 1);
        Assert.InRange(summary.Counts.Sent + summary.Counts.Invalid + summary.Counts.Failed, 1, summary.Devices);
        Assert.InRange(harness.Gateways.Recorder.Accepted, 1, summary.Devices);
    }

    [Fact]
    public async Task ResumeAsync_AfterCancel_PushesOnlyWhatWasNotSentAndEveryDeviceOnce()
    {
        await using var harness = await BatchHarness.StartAsync(azurite,
            new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(100) },
            new Dictionary<string, string?> { ["Batches:ChunkSize"] = "4", ["Batches:ShardBytes"] = "128", ["Fcm:MaxConcurrency"] = "1", ["Apns:MaxConcurrency"] = "1" });
        var devices = await harness.SeedAsync(40);
        var batchId = await harness.StartAsync("resume.json", BatchHarness.BatchJson(40));
        await WaitUntilAsync(() => harness.Gateways.Recorder.Accepted > 0);
        Assert.True(await harness.Batches.CancelAsync(harness.Client, batchId, "test operator"));
        var cancelled = await harness.WaitAsync(batchId);
        var sentBeforeResume = harness.Gateways.Recorder.Accepted;
        Assert.Equal(BatchOutcome.Cancelled, cancelled.Outcome);
        Assert.InRange(sentBeforeResume, 1, devices.Count - 1);

        var resumed = await harness.Batches.ResumeAsync(harness.Client, batchId, "test operator");
        var summary = await harness.WaitAsync(batchId);

        Assert.Equal(new BatchResumeResult(BatchResumeOutcome.Resumed, batchId, 1), resumed);
        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.Equal(cancelled.PlanId, summary.PlanId);
        Assert.Equal(devices.Count, summary.Counts.Sent);
        Assert.Equal(devices.Count, harness.Gateways.Recorder.Accepted);
        Assert.Equal(0, harness.Gateways.Recorder.Duplicates);
        var status = await harness.Batches.GetStatusAsync(harness.Client, batchId);
        Assert.Equal(BatchOutcome.Completed, status!.Summary!.Outcome);
    }

    [Fact]
    public async Task ResumeAsync_AfterAnOutageOutlastedTheRetries_DeliversTheRest()
    {
        // One chunk attempt, four client attempts: a device failing six times is left failed by the first run.
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: new Dictionary<string, string?> { ["Batches:MaxChunkAttempts"] = "1" });
        await harness.SeedAsync(4, (i, platform) => (i, platform) switch
        {
            (2, PushPlatform.Ios) => "internal~6-apns-u2",
            (_, PushPlatform.Android) => $"fcm-u{i}",
            _ => BatchHarness.ApnsToken(i),
        });
        var first = await harness.SendAsync("outage.json", BatchHarness.BatchJson(4));
        Assert.Equal(BatchOutcome.CompletedWithFailures, first.Outcome);
        Assert.Equal(1, first.Counts.Failed);

        await harness.Batches.ResumeAsync(harness.Client, first.BatchId, "test operator");
        var summary = await harness.WaitAsync(first.BatchId);

        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.Equal(6, summary.Counts.Sent);
        Assert.Equal(6, harness.Gateways.Recorder.Accepted);
        Assert.Equal(0, harness.Gateways.Recorder.Duplicates);
        Assert.NotNull(await harness.Client.GetInstanceAsync(BatchInstanceIds.Shard(first.BatchId, 0, run: 1)));
    }

    [Fact]
    public async Task ResumeAsync_CompletedOrUnknownSend_RefusedWithReason()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(2);
        var done = await harness.SendAsync("done.json", BatchHarness.BatchJson(2));
        var refused = await harness.SendAsync("refused.json", "{\"campaignId\":\"x\",\"message\":{\"title\":\"t\",\"body\":\"b\"},\"audience\":{\"users\":[]}}");

        // Cancelled before its chunks ran, then its file replaced: the plan's version is gone.
        var cancelled = BatchInstanceIds.For("changed.json", await harness.Batches.UploadAsync("changed.json", Encoding.UTF8.GetBytes(BatchHarness.BatchJson(2))));
        await harness.Services.GetRequiredService<BatchStateStore>().MarkCancelledAsync(cancelled, "test operator", CancellationToken.None);
        await harness.Batches.StartAsync(harness.Client, "changed.json");
        Assert.Equal(BatchOutcome.Cancelled, (await harness.WaitAsync(cancelled)).Outcome);
        await harness.Batches.UploadAsync("changed.json", Encoding.UTF8.GetBytes(BatchHarness.BatchJson(1)));

        var again = await harness.Batches.ResumeAsync(harness.Client, done.BatchId, "test operator");
        var changed = await harness.Batches.ResumeAsync(harness.Client, cancelled, "test operator");
        var invalid = await harness.Batches.ResumeAsync(harness.Client, refused.BatchId, "test operator");
        var unknown = await harness.Batches.ResumeAsync(harness.Client, "batch-nothing-0000000000000000", "test operator");

        Assert.Equal(BatchResumeOutcome.Conflict, again.Outcome);
        Assert.Contains("every device already has its outcome", again.Reason, StringComparison.Ordinal);
        Assert.Equal(BatchResumeOutcome.Conflict, invalid.Outcome);
        Assert.Contains("upload a corrected file", invalid.Reason, StringComparison.Ordinal);
        Assert.Equal(BatchResumeOutcome.NotFound, unknown.Outcome);
        Assert.Equal(BatchResumeOutcome.Conflict, changed.Outcome);
        Assert.Contains("changed (ETag", changed.Reason, StringComparison.Ordinal);
        Assert.Contains("since the send started", changed.Reason, StringComparison.Ordinal);
        Assert.Equal(3, harness.Gateways.Recorder.Accepted);
    }

    [Fact]
    public async Task RunAsync_TransientFailuresOutlastingTheClient_ChunkRetriedUntilDelivered()
    {
        // The client gives up after 4 attempts; the orchestrator retries the chunk on a durable timer and the
        // ledger makes the retry push only to the device still missing.
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(6, (i, platform) => (i, platform) switch
        {
            (1, PushPlatform.Android) => "unavailable~6-fcm-u1",
            (_, PushPlatform.Android) => $"fcm-u{i}",
            _ => BatchHarness.ApnsToken(i),
        });

        var summary = await harness.SendAsync("flaky.json", BatchHarness.BatchJson(6));

        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.Equal(9, summary.Counts.Sent);
        Assert.Equal(9, harness.Gateways.Recorder.Accepted);
        Assert.Equal(0, harness.Gateways.Recorder.Duplicates);
    }

    [Fact]
    public async Task RunAsync_FailureThatNeverClears_CompletedWithFailures()
    {
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: new Dictionary<string, string?> { ["Batches:MaxChunkAttempts"] = "2" });
        await harness.SeedAsync(4, (i, platform) => (i, platform) switch
        {
            (2, PushPlatform.Ios) => "internal-apns-u2",
            (_, PushPlatform.Android) => $"fcm-u{i}",
            _ => BatchHarness.ApnsToken(i),
        });

        var summary = await harness.SendAsync("broken.json", BatchHarness.BatchJson(4));

        Assert.Equal(BatchOutcome.CompletedWithFailures, summary.Outcome);
        Assert.Equal(1, summary.Counts.Failed);
        Assert.Equal(5, summary.Counts.Sent);
    }

    [Fact]
    public async Task RunAsync_DryRun_PlansAndCountsButPushesNothing()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(10);

        var summary = await harness.SendAsync("dry.json", BatchHarness.BatchJson(10, extra: """ "options":{"dryRun":true},"""));

        Assert.Equal(BatchOutcome.DryRun, summary.Outcome);
        Assert.Equal(15, summary.Devices);
        Assert.Equal(0, harness.Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task RunAsync_ExplicitDevicesAndSharedToken_EachDevicePushedOnce()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(3);

        // u1's Android token also listed explicitly, plus a device of nobody in the registry.
        var summary = await harness.SendAsync("explicit.json", """
            {"campaignId":"c","message":{"title":"t"},"audience":{"users":["u0","u1","u2"],
             "devices":[{"platform":"android","token":"fcm-u1:APA91b"},{"platform":"ios","token":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}]}}
            """);

        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.Equal(6, summary.Devices);
        Assert.Equal(6, harness.Gateways.Recorder.Accepted);
        Assert.Equal(0, harness.Gateways.Recorder.Duplicates);
    }

    [Fact]
    public async Task StartAsync_SameUploadTwice_OneSend()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(4);
        var json = Encoding.UTF8.GetBytes(BatchHarness.BatchJson(4));
        var etag1 = await harness.Batches.UploadAsync("twice.json", json);
        var etag2 = await harness.Batches.UploadAsync("twice.json", json);

        var first = await harness.Batches.StartAsync(harness.Client, "twice.json");
        var second = await harness.Batches.StartAsync(harness.Client, "twice.json");
        await harness.WaitAsync(first!.BatchId);

        Assert.Equal(etag1, etag2);
        Assert.True(first.Created);
        Assert.False(second!.Created);
        Assert.Equal(first.BatchId, second.BatchId);
        Assert.Equal(6, harness.Gateways.Recorder.Accepted);
    }

    [Fact]
    public async Task SendAsync_ChunkRunAgainAfterCompletion_PushesNothingTwice()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(8);
        var summary = await harness.SendAsync("again.json", BatchHarness.BatchJson(8));
        var storage = harness.Services.GetRequiredService<StorageClients>();
        var etag = (await storage.Batches.GetBlobClient("again.json").GetPropertiesAsync()).Value.ETag.ToString();

        var shard = await harness.Services.GetRequiredService<ShardStore>().GetPlanAsync(summary.BatchId, summary.PlanId, 0, default);
        var rerun = await harness.Services.GetRequiredService<ChunkSender>().SendAsync(
            new ChunkRequest(summary.BatchId, new BatchSendInput(storage.Batches.Name, "again.json", etag), summary.PlanId, shard!.ChunkSet, 0));

        Assert.Equal(12, rerun.AlreadyDone);
        Assert.Equal(12, rerun.Sent);
        Assert.Equal(12, harness.Gateways.Recorder.Accepted);
    }

    [Fact]
    public async Task RunAsync_Experiment_ControlGetsNothingVariantsTheirMessageAndExposuresLogged()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(200);
        var json = BatchHarness.BatchJson(200, "day21-inactive").Replace(
            "\"message\":{\"title\":\"Hello\",\"body\":\"A famous artist just joined.\",\"deepLink\":\"https://social.example/a/1\"},",
            """
            "experiment":{"id":"day21-copy","controlPercent":20,"variants":[
              {"name":"miss-you","percent":40,"message":{"title":"We miss you"}},
              {"name":"new-posts","percent":40,"message":{"title":"New posts from people you follow"}}]},
            """, StringComparison.Ordinal);

        var summary = await harness.SendAsync("experiment.json", json);

        var arms = new Notifications.Core.Batches.Files.ExperimentArms(new Notifications.Core.Batches.Files.Experiment
        {
            Id = "day21-copy",
            ControlPercent = 20,
            Variants = [
                new() { Name = "miss-you", Percent = 40, Message = new() { Title = "x" } },
                new() { Name = "new-posts", Percent = 40, Message = new() { Title = "y" } }],
        });
        var control = Enumerable.Range(0, 200).Where(i => arms.Assign($"u{i}") == Notifications.Core.Batches.Files.ExperimentArms.Control).ToList();
        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.Equal(control.Count, summary.ControlUsers);
        Assert.InRange(control.Count, 20, 60);
        var pushedTokens = harness.Gateways.Recorder.Records.Select(r => r.Token).ToHashSet();
        Assert.All(control, i => Assert.DoesNotContain($"fcm-u{i}:APA91b", pushedTokens));
        Assert.Equal(2, harness.Gateways.Recorder.Records.Where(r => r.Gateway == "fcm").Select(r => r.PayloadHash).Distinct().Count());

        var storage = harness.Services.GetRequiredService<StorageClients>();
        var exposures = new List<string>();
        await foreach (var blob in storage.Exposures.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "day21-copy/", default))
        {
            var content = await storage.Exposures.GetBlobClient(blob.Name).DownloadContentAsync();
            exposures.AddRange(content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        Assert.Equal(200, exposures.Count);
        Assert.Equal(control.Count, exposures.Count(l => l.Contains("\"arm\":\"control\"", StringComparison.Ordinal)));
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, int seconds = 60)
    {
        for (var i = 0; i < seconds * 20 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "condition not reached");
    }
}
