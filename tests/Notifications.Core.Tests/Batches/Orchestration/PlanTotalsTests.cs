using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Tests.Batches.Orchestration;

public sealed class PlanTotalsTests
{
    [Fact]
    public void Totals_ShardsWithAndWithoutPlans_SumsOnlyThePlanned()
    {
        ShardPlan?[] plans =
        [
            new() { Shard = 0, Users = 10, ControlUsers = 1, UsersWithoutDevices = 2, Devices = 12, Chunks = 1, ArmUsers = [4, 5], ArmDevices = [6, 6] },
            null,
            new() { Shard = 2, Users = 5, ControlUsers = 0, UsersWithoutDevices = 0, Devices = 7, Chunks = 2, ArmUsers = [5], ArmDevices = [7] },
        ];

        var totals = PlanTotals.Of(plans);

        Assert.Equal((15L, 1L, 2L, 19L, 3, 2), (totals.Users, totals.ControlUsers, totals.UsersWithoutDevices, totals.Devices, totals.Chunks, totals.Shards));
        Assert.Equal([9L, 5L], totals.ArmUsers);
        Assert.Equal([13L, 6L], totals.ArmDevices);
    }

    [Fact]
    public void Arms_Experiment_ControlFirstThenVariantsWithDeliveries()
    {
        var scan = new ScanResult { Variants = ["a", "b"] };
        ShardPlan?[] plans = [new() { Users = 10, ControlUsers = 2, Devices = 9, ArmUsers = [5, 3], ArmDevices = [6, 3] }];
        var counts = new BatchCounts { ByVariant = [new OutcomeCounts(Sent: 6), new OutcomeCounts(Sent: 1, Invalid: 1, Rejected: 1, Failed: 1)] };

        var arms = SendBatchOrchestrator.Arms(scan, PlanTotals.Of(plans), counts);

        Assert.Equal([new ArmSummary("control", 2, 0, 0), new ArmSummary("a", 5, 6, 6), new ArmSummary("b", 3, 3, 1, Invalid: 1, NotDelivered: 2)], arms);
    }

    [Fact]
    public void Arms_NoExperiment_Empty() =>
        Assert.Empty(SendBatchOrchestrator.Arms(new ScanResult(), PlanTotals.Of([new ShardPlan { Users = 3 }]), new BatchCounts()));
}
