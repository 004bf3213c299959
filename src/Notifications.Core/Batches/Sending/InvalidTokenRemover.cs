using Azure;
using Microsoft.Extensions.Logging;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Sending;

/// <summary>
/// Removes from the registry the tokens a partition's chunks found dead (the ledger's Invalid bits), once its
/// chunks are done. Deleting is idempotent, so a retried or repeated run is harmless.
/// </summary>
public sealed class InvalidTokenRemover
{
    private const int Parallelism = 8;
    private readonly StorageClients _storage;
    private readonly ChunkStore _chunks;
    private readonly DeliveryLedger _ledger;
    private readonly IDeviceRegistry _registry;
    private readonly ILogger<InvalidTokenRemover> _logger;

    /// <summary>Creates the remover.</summary>
    public InvalidTokenRemover(StorageClients storage, ChunkStore chunks, DeliveryLedger ledger, IDeviceRegistry registry, ILogger<InvalidTokenRemover> logger)
    {
        _storage = storage;
        _chunks = chunks;
        _ledger = ledger;
        _registry = registry;
        _logger = logger;
    }

    /// <summary>Removes the dead tokens of chunks [first, first + count); returns how many registrations went.</summary>
    public async Task<int> RemoveAsync(PartitionInput partition, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var removed = 0;
        for (var chunk = partition.FirstChunk; chunk < partition.FirstChunk + partition.ChunkCount; chunk++)
        {
            var entries = await _chunks.ReadAsync(partition.BatchId, partition.PlanId, chunk, cancellationToken).ConfigureAwait(false);
            var ledger = await _ledger.LoadAsync(partition.BatchId, partition.PlanId, chunk, entries.Count, cancellationToken).ConfigureAwait(false);
            var dead = Enumerable.Range(0, entries.Count)
                .Where(p => ledger.Get(p) == DeliveryStatus.InvalidToken && entries[p].UserId is not null)
                .Select(p => entries[p]);
            await Parallel.ForEachAsync(dead, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (entry, ct) =>
            {
                try
                {
                    if (await _registry.UnregisterAsync(entry.UserId!, ChunkSender.PlatformOf(entry), entry.Token, ct).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref removed);
                    }
                }
                catch (RequestFailedException ex)
                {
                    // One registry hiccup must not fail the send; the token fails again next time and is removed then.
                    Log.TokenRemovalFailed(_logger, partition.BatchId, entry.UserId!, TokenRedactor.Redact(entry.Token), ex.Message);
                }
            }).ConfigureAwait(false);
        }

        return removed;
    }
}
