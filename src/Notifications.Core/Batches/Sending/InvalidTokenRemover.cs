using Azure;
using Microsoft.Extensions.Logging;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Sending;

/// <summary>
/// Removes from the registry the tokens a shard's chunks found dead (the ledger's Invalid bits), once every push of
/// the send has its outcome. One run covers one shard's chunks, so its work is bounded by the shard's size. Deleting
/// is idempotent, so a retried or repeated run is harmless.
/// </summary>
public sealed class InvalidTokenRemover
{
    private const int Parallelism = 8;
    private readonly StorageClients _storage;
    private readonly ChunkStore _chunks;
    private readonly DeliveryLedger _ledger;
    private readonly IDeviceRegistry _registry;
    private readonly ILogger<InvalidTokenRemover> _logger;

    /// <summary>Creates the remover; dead tokens are read from <paramref name="ledger"/> and the chunks, and deleted from <paramref name="registry"/>.</summary>
    public InvalidTokenRemover(StorageClients storage, ChunkStore chunks, DeliveryLedger ledger, IDeviceRegistry registry, ILogger<InvalidTokenRemover> logger)
    {
        _storage = storage;
        _chunks = chunks;
        _ledger = ledger;
        _registry = registry;
        _logger = logger;
    }

    /// <summary>Removes the dead tokens of one shard's chunks; returns how many registrations went.</summary>
    public async Task<int> RemoveAsync(TokenRemovalRequest request, CancellationToken cancellationToken = default)
    {
        using var timing = BatchActivityTiming.Start(BatchTaskNames.RemoveInvalidTokens);
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var removed = 0;

        // Chunks side by side: most of a chunk's time is reading it and its ledger row, not the few deletes.
        await Parallel.ForEachAsync(Enumerable.Range(0, request.Chunks), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            var entries = await _chunks.ReadAsync(request.BatchId, request.PlanId, request.ChunkSet, chunk, ct).ConfigureAwait(false);
            var ledger = await _ledger.LoadAsync(request.BatchId, request.PlanId, request.ChunkSet, chunk, entries.Count, ct).ConfigureAwait(false);
            for (var p = 0; p < entries.Count; p++)
            {
                var entry = entries[p];
                if (ledger.Get(p) != DeliveryStatus.InvalidToken || entry.UserId is null)
                {
                    continue;
                }

                try
                {
                    if (await _registry.UnregisterAsync(entry.UserId, ChunkSender.PlatformOf(entry), entry.Token, ct).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref removed);
                    }
                }
                catch (RequestFailedException ex)
                {
                    // One registry hiccup must not fail the send; the token fails again next time and is removed then.
                    Log.TokenRemovalFailed(_logger, request.BatchId, entry.UserId, TokenRedactor.Redact(entry.Token), ex.Message);
                }
            }
        }).ConfigureAwait(false);

        return removed;
    }
}
