using System.Text.Json;
using Notifications.Core.Api;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Tests.Batches;

/// <summary>
/// The phase went from a string to an enum; what the wire carries must not change: stored orchestration statuses
/// (written by the durable data converter, default options) and API bodies (camelCase enums) keep the lowercase names.
/// </summary>
public sealed class BatchPhaseTests
{
    public static TheoryData<BatchPhase, string> Phases => new()
    {
        { BatchPhase.Pending, "pending" },
        { BatchPhase.Scanning, "scanning" },
        { BatchPhase.Sending, "sending" },
        { BatchPhase.Waiting, "waiting" },
        { BatchPhase.Cancelling, "cancelling" },
        { BatchPhase.RemovingDeadTokens, "removing dead tokens" },
        { BatchPhase.Done, "done" },
    };

    [Theory]
    [MemberData(nameof(Phases))]
    public void Serialize_CustomStatusAndApiBody_TheLowercaseWireName(BatchPhase phase, string wire)
    {
        var progress = new BatchProgress(phase, 1, 2, 3, 4, 0, new BatchCounts());

        Assert.Equal(wire, JsonDocument.Parse(JsonSerializer.Serialize(progress)).RootElement.GetProperty("Phase").GetString());
        Assert.Equal(wire, JsonDocument.Parse(JsonSerializer.Serialize(progress, JsonSerializerOptions.Web)).RootElement.GetProperty("phase").GetString());
        Assert.Equal(wire, JsonDocument.Parse(JsonSerializer.Serialize(new BatchStatus { BatchId = "b", RuntimeStatus = "Running", Phase = phase }, ApiJson.Options))
            .RootElement.GetProperty("phase").GetString());
        Assert.Equal(wire, phase.WireName());
    }

    [Theory]
    [MemberData(nameof(Phases))]
    public void Deserialize_StatusWrittenWithTheStringPhase_ReadsThePhase(BatchPhase phase, string wire)
    {
        // A send in flight across the upgrade wrote its status when the phase was a plain string.
        var stored = $$$"""{"Phase":"{{{wire}}}","Users":1,"Devices":2,"Chunks":3,"Shards":4,"ShardsDone":0,"Counts":{}}""";

        Assert.Equal(phase, JsonSerializer.Deserialize<BatchProgress>(stored)!.Phase);
    }
}
