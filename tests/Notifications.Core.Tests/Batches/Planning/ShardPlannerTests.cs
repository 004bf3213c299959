using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Batches.Planning;

[Collection(StorageCollection.Name)]
public sealed class ShardPlannerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PlanAsync_SameShardTwiceAtOnce_BothGetTheOneCommittedPlan()
    {
        var (harness, registry) = await StartAsync();
        await using var _ = harness;
        var (scan, input) = await ScanAsync(harness, registry, users: 40);

        var planner = harness.Services.GetRequiredService<ShardPlanner>();
        // A duplicated work item: both attempts plan and write chunks, but only one chunk set is ever sent.
        var both = await Task.WhenAll(planner.PlanAsync(input), planner.PlanAsync(input));
        var (first, again) = (both[0], both[1]);
        var later = await planner.PlanAsync(input);

        Assert.True(scan.IsValid);
        Assert.Equal(first.ChunkSet, again.ChunkSet);
        Assert.Equal(first.ChunkSet, later.ChunkSet);
        Assert.Equal((first.Users, first.Devices, first.Chunks), (again.Users, again.Devices, again.Chunks));
    }

    [Fact]
    public async Task PlanAsync_EveryShard_ReadsOnlyItsOwnPartitionsAndTogetherEveryUser()
    {
        var (harness, registry) = await StartAsync();
        await using var _ = harness;
        var (scan, input) = await ScanAsync(harness, registry, users: 300);
        var planner = harness.Services.GetRequiredService<ShardPlanner>();

        var plans = new List<ShardPlan>();
        var partitionsPerShard = new List<HashSet<string>>();
        for (var s = 0; s < scan.Shards; s++)
        {
            var before = registry.PartitionsRead.ToHashSet();
            plans.Add(await planner.PlanAsync(input with { Shard = s }));
            partitionsPerShard.Add([.. registry.PartitionsRead.Where(p => !before.Contains(p))]);
        }

        // Shards cover contiguous partition ranges that never overlap, and every user is planned exactly once.
        Assert.True(scan.Shards > 1);
        Assert.Equal(300, plans.Sum(p => p.Users));
        Assert.Equal(450, plans.Sum(p => p.Devices));
        for (var s = 1; s < partitionsPerShard.Count; s++)
        {
            Assert.True(string.CompareOrdinal(partitionsPerShard[s - 1].Max(), partitionsPerShard[s].Min()) < 0);
        }
    }

    [Fact]
    public async Task PlanAsync_NightBeforeSpringForward_SleepersHeldUntilEightSummerTimeTheirZone()
    {
        // 22:00 UTC on Saturday 28 March 2026: 23:00 in Berlin, whose clocks jump from 02:00 to 03:00 that night, and
        // 15:00 in Los Angeles. The planner reads the clock from the injected TimeProvider.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 28, 22, 0, 0, TimeSpan.Zero));
        var registry = new InMemoryDeviceRegistry();
        await using var harness = await BatchHarness.StartAsync(azurite,
            overrides: new Dictionary<string, string?> { ["QuietHours:Enabled"] = "true", ["FrequencyCap:MaxPerDay"] = "0", ["FrequencyCap:MaxPerWeek"] = "0" },
            services: s => s.AddSingleton<IDeviceRegistry>(registry).AddSingleton<TimeProvider>(time));
        var now = time.GetUtcNow();
        await registry.ImportAsync(Enumerable.Range(0, 6).Select(i => new DeviceRegistration(
            $"u{i}", PushPlatform.Android, $"fcm-u{i}:APA91b", null, now, now, i % 2 == 0 ? "Europe/Berlin" : "America/Los_Angeles")));
        var storage = harness.Services.GetRequiredService<StorageClients>();
        var etag = await harness.Batches.UploadAsync("night.json", Encoding.UTF8.GetBytes(BatchHarness.BatchJson(6)));
        var source = new BatchSendInput(storage.Batches.Name, "night.json", etag);
        var batchId = BatchInstanceIds.For("night.json", etag);
        var scan = await harness.Services.GetRequiredService<BatchScanner>().ScanAsync(new PlanRequest(batchId, source, new DateOnly(2026, 3, 28)));

        var plan = await harness.Services.GetRequiredService<ShardPlanner>().PlanAsync(
            new ShardInput(batchId, source, scan.PlanId, 0, new DateOnly(2026, 3, 28), DryRun: false, MaxAttempts: 4, RetryDelaySeconds: 1));

        // 08:00 summer time in Berlin is 06:00 UTC (not 07:00, as it would have been the morning before).
        var wave = Assert.Single(plan.Waves);
        Assert.Equal(new DateTime(2026, 3, 29, 6, 0, 0, DateTimeKind.Utc), wave.At);
        Assert.Equal((3L, 3L, 3L, 3L), (wave.Users, wave.Devices, plan.Deferred, plan.Devices));
        var held = await harness.Services.GetRequiredService<ChunkStore>().ReadAsync(batchId, scan.PlanId, wave.ChunkSet, 0, default);
        Assert.Equal(["u0", "u2", "u4"], held.Select(e => e.UserId!).Order());
    }

    private async Task<(BatchHarness Harness, InMemoryDeviceRegistry Registry)> StartAsync()
    {
        var registry = new InMemoryDeviceRegistry();
        var harness = await BatchHarness.StartAsync(azurite,
            overrides: new Dictionary<string, string?> { ["Batches:ShardBytes"] = "256" },
            services: s => s.AddSingleton<IDeviceRegistry>(registry));
        return (harness, registry);
    }

    private static async Task<(ScanResult Scan, ShardInput Input)> ScanAsync(BatchHarness harness, InMemoryDeviceRegistry registry, int users)
    {
        await harness.SeedAsync(users);
        var storage = harness.Services.GetRequiredService<StorageClients>();
        var name = $"plan-{users}.json";
        var etag = await harness.Batches.UploadAsync(name, Encoding.UTF8.GetBytes(BatchHarness.BatchJson(users)));
        var source = new BatchSendInput(storage.Batches.Name, name, etag);
        var batchId = BatchInstanceIds.For(name, etag);
        var scan = await harness.Services.GetRequiredService<BatchScanner>().ScanAsync(new PlanRequest(batchId, source, new DateOnly(2026, 11, 29)));
        Assert.Same(registry, harness.Registry);
        return (scan, new ShardInput(batchId, source, scan.PlanId, 0, new DateOnly(2026, 11, 29), DryRun: false, MaxAttempts: 4, RetryDelaySeconds: 1));
    }
}
