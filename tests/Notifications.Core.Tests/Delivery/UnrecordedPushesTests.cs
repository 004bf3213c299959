using Azure;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Delivery;

/// <summary>
/// The count is one per process, so these run alone (after every parallel test) and compare with what they read
/// before each step.
/// </summary>
[Collection(Name)]
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UnrecordedPushesTests
{
    private const string Name = "unrecorded pushes (process-wide)";

    [Fact]
    public void Record_FinalOutcomeThenStored_CountedUntilStored()
    {
        var ledger = new ChunkLedger("send", "row", 8);
        var before = UnrecordedPushes.Unstored;

        Assert.True(ledger.Record(0, DeliveryStatus.Delivered));
        Assert.True(ledger.Record(1, DeliveryStatus.InvalidToken));
        Assert.Equal(before + 2, UnrecordedPushes.Unstored);

        // A repeated answer for a recorded device, and a transient one, add nothing: neither is stored.
        Assert.False(ledger.Record(0, DeliveryStatus.Delivered));
        Assert.False(ledger.Record(2, DeliveryStatus.Transient));
        Assert.Equal(before + 2, UnrecordedPushes.Unstored);

        var (_, _, version) = ledger.Snapshot();
        Assert.True(ledger.Record(3, DeliveryStatus.Rejected));
        ledger.Stored(version, new ETag("\"1\""));
        Assert.Equal(before + 1, UnrecordedPushes.Unstored);

        // An older snapshot stored again (a merge after a 409) releases nothing twice.
        ledger.Stored(version, new ETag("\"2\""));
        Assert.Equal(before + 1, UnrecordedPushes.Unstored);
    }

    [Fact]
    public void StoreFailed_RecordedButNeverStored_NoLongerCounted()
    {
        var ledger = new ChunkLedger("send", "row", 8);
        var before = UnrecordedPushes.Unstored;
        ledger.Record(4, DeliveryStatus.Delivered);
        ledger.Record(5, DeliveryStatus.Delivered);

        // The chunk's activity fails and its retry pushes these again; this ledger stops counting them.
        ledger.StoreFailed(new RequestFailedException("storage down"));

        Assert.Equal(before, UnrecordedPushes.Unstored);
    }

    [Fact]
    public void PublishTo_EveryChange_PublishesBothCounts()
    {
        var published = new List<(long OnWire, long Unstored)>();
        UnrecordedPushes.PublishTo((wire, unstored) => published.Add((wire, unstored)));
        try
        {
            var ledger = new ChunkLedger("send", "row", 8);
            UnrecordedPushes.RequestStarted();
            UnrecordedPushes.RequestEnded();
            ledger.Record(0, DeliveryStatus.Delivered);
        }
        finally
        {
            UnrecordedPushes.PublishTo(null);
        }

        // Now, then one value per change: the wire up and down, then one answer unstored.
        Assert.Equal(4, published.Count);
        Assert.Equal(published[0].OnWire + 1, published[1].OnWire);
        Assert.Equal(published[0].OnWire, published[2].OnWire);
        Assert.Equal(published[0].Unstored + 1, published[3].Unstored);
    }
}
