using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Tests.Batches.Orchestration;

public sealed class BatchCountsTests
{
    [Fact]
    public void Add_ChunkResults_EveryFieldSummedAndTheFirstErrorKept()
    {
        var counts = new BatchCounts()
            .Add(new ChunkResult { Sent = 5, Invalid = 1, ByVariant = [new(Sent: 5, Invalid: 1)], ByPlatform = [new(Sent: 3), new(Sent: 2, Invalid: 1)] })
            .Add(new ChunkResult { Sent = 2, Rejected = 1, Failed = 3, Error = "first", ByVariant = [new(Sent: 1), new(Sent: 1, Rejected: 1, Failed: 3)] })
            .Add(new ChunkResult { Cancelled = true, Error = "second" });

        Assert.Equal((3, 7L, 1L, 1L, 3L), (counts.ChunksDone, counts.Sent, counts.Invalid, counts.Rejected, counts.Failed));
        Assert.Equal((2, 1), (counts.ChunksWithErrors, counts.ChunksCancelled));
        Assert.Equal("first", counts.FirstError);
        Assert.Equal([new OutcomeCounts(Sent: 6, Invalid: 1), new OutcomeCounts(Sent: 1, Rejected: 1, Failed: 3)], counts.ByVariant);
        Assert.Equal([new OutcomeCounts(Sent: 3), new OutcomeCounts(Sent: 2, Invalid: 1)], counts.ByPlatform);
    }

    [Fact]
    public void Add_TwoShardsTotals_SameAsAddingEveryChunkToOne()
    {
        ChunkResult[] chunks =
        [
            new() { Sent = 4, ByPlatform = [new(Sent: 4)] },
            new() { Sent = 1, Invalid = 2, Error = "x", ByPlatform = [new(Sent: 1, Invalid: 2)] },
            new() { Failed = 5, ByPlatform = [new(), new(Failed: 5)] },
        ];
        var one = chunks.Aggregate(new BatchCounts(), (c, r) => c.Add(r));
        var left = new BatchCounts().Add(chunks[0]) with { TokensRemoved = 2, WaveDevices = 10, WaveCapped = 1 };
        var right = new BatchCounts().Add(chunks[1]).Add(chunks[2]) with { TokensRemoved = 1, WaveDevices = 5 };

        var merged = left.Add(right);

        Assert.Equal(one with { TokensRemoved = 3, WaveDevices = 15, WaveCapped = 1 }, merged with { ByPlatform = one.ByPlatform, ByVariant = one.ByVariant });
        Assert.Equal(one.ByPlatform, merged.ByPlatform);
    }

    [Fact]
    public void Add_Empty_Identity()
    {
        var counts = new BatchCounts().Add(new ChunkResult { Sent = 3, ByPlatform = [new(Sent: 3)] });

        var plusEmpty = counts.Add(new BatchCounts());

        Assert.Equal(counts with { ByPlatform = [] }, plusEmpty with { ByPlatform = [] });
        Assert.Equal(counts.ByPlatform, plusEmpty.ByPlatform);
    }
}
