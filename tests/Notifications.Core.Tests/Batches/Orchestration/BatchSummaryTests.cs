using System.Text.Json;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Tests.Batches.Orchestration;

public sealed class BatchSummaryTests
{
    private static readonly BatchSummary Summary = new()
    {
        BatchId = "batch-1",
        Plan = new PlanTotals { ControlUsers = 10, UsersWithoutDevices = 2, Capped = 3, Deferred = 40, QuietSkipped = 5, Devices = 90, Chunks = 2, Shards = 1 },
        Counts = new BatchCounts { Sent = 120, WaveDevices = 35, WaveCapped = 4 },
    };

    [Fact]
    public void PlanFigures_ReadFromThePlanAndTheWavesReleased_NeverStoredTwice()
    {
        Assert.Equal((10L, 2L, 40L, 5L, 2), (Summary.ControlUsers, Summary.UsersWithoutDevices, Summary.Deferred, Summary.QuietSkipped, Summary.Chunks));
        Assert.Equal(3 + 4, Summary.Capped);
        Assert.Equal(90 + 35, Summary.Devices);
    }

    [Fact]
    public void Json_RoundTrip_PlanKeptAndTheFlatFiguresWrittenForReaders()
    {
        var json = JsonSerializer.Serialize(Summary);
        var read = JsonSerializer.Deserialize<BatchSummary>(json)!;
        var flat = JsonDocument.Parse(json).RootElement;

        Assert.Equal(Summary.Plan with { ArmUsers = [], ArmDevices = [] }, read.Plan with { ArmUsers = [], ArmDevices = [] });
        Assert.Equal((Summary.Devices, Summary.Capped), (read.Devices, read.Capped));
        Assert.Equal(125, flat.GetProperty("Devices").GetInt64());
        Assert.Equal(7, flat.GetProperty("Capped").GetInt64());
    }
}
