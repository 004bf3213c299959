using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Batches.Sending;

[Collection(StorageCollection.Name)]
public sealed class DeliveryLedgerTests(AzuriteFixture azurite)
{
    private readonly string _batch = "ledger-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Record_ManyChunksOfOneSend_AllStoredAndReadBackAsync()
    {
        var ledger = await CreateLedgerAsync();

        // 150 chunks: more than one entity group transaction holds.
        var chunks = new List<ChunkLedger>();
        for (var chunk = 0; chunk < 150; chunk++)
        {
            chunks.Add(await ledger.LoadAsync(_batch, "p", "s", chunk, 10, CancellationToken.None));
        }

        Parallel.For(0, 150 * 10, n => ledger.Record(chunks[n / 10], n % 10, Status(n)));
        await Task.WhenAll(chunks.Select(c => c.StoredAsync())).WaitAsync(TimeSpan.FromSeconds(60));

        for (var chunk = 0; chunk < 150; chunk++)
        {
            var stored = await ledger.LoadAsync(_batch, "p", "s", chunk, 10, CancellationToken.None);
            Assert.All(Enumerable.Range(0, 10), p => Assert.Equal(Status((chunk * 10) + p), stored.Get(p)));
        }
    }

    [Fact]
    public async Task Record_TwoRunsOfOneChunk_BothRunsOutcomesKeptAsync()
    {
        var ledger = await CreateLedgerAsync();
        var first = await ledger.LoadAsync(_batch, "p", "s", 0, 100, CancellationToken.None);
        var second = await ledger.LoadAsync(_batch, "p", "s", 0, 100, CancellationToken.None);

        // A duplicated work item: two runs of the same chunk record different devices at the same time.
        for (var p = 0; p < 100; p++)
        {
            ledger.Record(p % 2 == 0 ? first : second, p, DeliveryStatus.Delivered);
        }

        await Task.WhenAll(first.StoredAsync(), second.StoredAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        var stored = await ledger.LoadAsync(_batch, "p", "s", 0, 100, CancellationToken.None);

        Assert.Equal(100, stored.Count);
    }

    [Fact]
    public async Task Record_TransientOutcome_NothingToStoreAsync()
    {
        var ledger = await CreateLedgerAsync();
        var chunk = await ledger.LoadAsync(_batch, "p", "s", 0, 4, CancellationToken.None);

        ledger.Record(chunk, 0, DeliveryStatus.Transient);

        Assert.True(chunk.StoredAsync().IsCompleted);
        Assert.Null(chunk.Get(0));
    }

    private static DeliveryStatus Status(int n) => (n % 3) switch
    {
        0 => DeliveryStatus.Delivered,
        1 => DeliveryStatus.InvalidToken,
        _ => DeliveryStatus.Rejected,
    };

    private async Task<DeliveryLedger> CreateLedgerAsync() =>
        new(await TestSettings.StorageClientsAsync(azurite), Options.Create(new BatchOptions()), NullLogger<DeliveryLedger>.Instance);
}
