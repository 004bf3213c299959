using Microsoft.Extensions.Time.Testing;
using Notifications.Core.Batches;
using Notifications.Core.Storage;

namespace Notifications.Core.Tests.Infrastructure;

/// <summary>The send list's stores on tables of one test's own, with a clock the test moves.</summary>
internal sealed record SendListStores(StorageClients Storage, BatchStartIndex Index, BatchStateStore State, FakeTimeProvider Time)
{
    public static async Task<SendListStores> CreateAsync(AzuriteFixture azurite, DateTimeOffset start)
    {
        var storage = await TestSettings.StorageClientsAsync(azurite);
        var time = new FakeTimeProvider(start);
        var index = new BatchStartIndex(storage);
        return new SendListStores(storage, index, new BatchStateStore(storage, time, index), time);
    }

    /// <summary>Records the start of an upload's send at the clock's time, as BatchService does; returns its id.</summary>
    public async Task<string> StartUploadAsync(string blobName)
    {
        var batchId = BatchInstanceIds.For(blobName, "\"0x0\"");
        await State.RecordStartedAsync(batchId, blobName, "\"0x0\"", CancellationToken.None);
        return batchId;
    }
}
