using Azure;
using Azure.Data.Tables;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Batches.Sending;

/// <summary>
/// The per-chunk ledger on its own: bitmaps of final outcomes, merged with what another attempt stored, and the
/// versions that say what is stored. <c>DeliveryLedgerTests</c> drive it against real table storage.
/// </summary>
public sealed class ChunkLedgerTests
{
    [Fact]
    public void Record_FinalOutcomesOnce_GetReturnsThemAndRepeatsAreNotStoredAgain()
    {
        var ledger = new ChunkLedger("p", "r", 10);

        var first = ledger.Record(3, DeliveryStatus.Delivered);
        var again = ledger.Record(3, DeliveryStatus.Delivered);
        var invalid = ledger.Record(9, DeliveryStatus.InvalidToken);
        var notFinal = ledger.Record(4, DeliveryStatus.Transient);

        Assert.Equal((true, false, true, false), (first, again, invalid, notFinal));
        Assert.Equal(DeliveryStatus.Delivered, ledger.Get(3));
        Assert.Equal(DeliveryStatus.InvalidToken, ledger.Get(9));
        Assert.Null(ledger.Get(4));
        Assert.Equal(2, ledger.Count);
        Release(ledger);
    }

    [Fact]
    public void MergeFrom_WhatAnotherAttemptStored_UnionOfBothAndItsETag()
    {
        // Attempt A stored positions 0 (delivered) and 8 (rejected, in the second byte); this attempt recorded 1.
        var stored = new ChunkLedger("p", "r", 12);
        stored.Record(0, DeliveryStatus.Delivered);
        stored.Record(8, DeliveryStatus.Rejected);
        var (entity, _, _) = stored.Snapshot();
        entity.ETag = new ETag("W/\"datetime'2026-11-30'\"");
        var ledger = new ChunkLedger("p", "r", 12);
        ledger.Record(1, DeliveryStatus.Delivered);

        ledger.MergeFrom(entity);

        Assert.Equal([DeliveryStatus.Delivered, DeliveryStatus.Delivered, DeliveryStatus.Rejected], new[] { 0, 1, 8 }.Select(p => ledger.Get(p)!.Value));
        Assert.Equal(3, ledger.Count);
        Assert.Equal(entity.ETag, ledger.Snapshot().ETag);
        Release(stored, ledger);
    }

    [Fact]
    public void From_StoredEntity_SameOutcomesAsTheLedgerThatWroteIt()
    {
        var original = new ChunkLedger("p", "r", 17);
        foreach (var (position, status) in new[] { (0, DeliveryStatus.Delivered), (7, DeliveryStatus.InvalidToken), (16, DeliveryStatus.Rejected) })
        {
            original.Record(position, status);
        }

        var read = ChunkLedger.From(original.Snapshot().Entity, 17);

        Assert.Equal(Enumerable.Range(0, 17).Select(original.Get), Enumerable.Range(0, 17).Select(read.Get));
        Release(original);
    }

    [Fact]
    public async Task StoredAsync_CompletesOnlyWhenTheVersionRecordedSoFarIsStored()
    {
        var ledger = new ChunkLedger("p", "r", 4);
        ledger.Record(0, DeliveryStatus.Delivered);
        var (_, _, first) = ledger.Snapshot();
        ledger.Record(1, DeliveryStatus.Delivered);
        var (_, _, second) = ledger.Snapshot();
        var waiting = ledger.StoredAsync();

        ledger.Stored(first, new ETag("1"));
        var afterFirst = waiting.IsCompleted;
        ledger.Stored(second, new ETag("2"));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(afterFirst);
        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.True(ledger.StoredAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StoreFailed_SomeoneWaiting_GetsTheError()
    {
        var ledger = new ChunkLedger("p", "r", 4);
        ledger.Record(2, DeliveryStatus.Rejected);
        var waiting = ledger.StoredAsync();

        ledger.StoreFailed(new RequestFailedException(503, "storage unavailable"));

        await Assert.ThrowsAsync<RequestFailedException>(() => waiting);
    }

    /// <summary>Marks everything recorded as stored: records count as unstored pushes process-wide until then.</summary>
    private static void Release(params ChunkLedger[] ledgers)
    {
        foreach (var ledger in ledgers)
        {
            ledger.Stored(ledger.Snapshot().Version, null);
        }
    }
}
