using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Notifications.Core.Delivery;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Sending;

/// <summary>
/// Per-chunk record of final outcomes: one small table entity per chunk (partition = send, row = plan and chunk)
/// holding a bitmap per outcome over the chunk's positions. A chunk that runs again (activity retry, crash,
/// replay, a duplicate delivery of the work item) skips every position already recorded, so it never pushes twice
/// to a device already delivered. Writes merge with optimistic concurrency, so two runs of one chunk never erase
/// each other's records.
/// </summary>
public sealed class DeliveryLedger
{
    private const int MaxMergeAttempts = 8;
    private readonly StorageClients _storage;

    /// <summary>Creates the ledger.</summary>
    public DeliveryLedger(StorageClients storage) => _storage = storage;

    /// <summary>The row of one chunk of one shard's chunk set.</summary>
    public static string Row(string planId, string chunkSet, int chunk) => $"{planId}-{chunkSet}-{chunk.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>The recorded outcomes of a chunk of <paramref name="size"/> devices (empty if none yet).</summary>
    public async Task<ChunkLedger> LoadAsync(string batchId, string planId, string chunkSet, int chunk, int size, CancellationToken cancellationToken)
    {
        var key = Row(planId, chunkSet, chunk);
        var row = await _storage.Ledger.GetEntityIfExistsAsync<TableEntity>(batchId, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ChunkLedger.From(row.Value!, size) : new ChunkLedger(batchId, key, size);
    }

    /// <summary>Adds outcomes (by position) to a chunk's record and stores it; merges with any concurrent writer.</summary>
    public async Task RecordAsync(ChunkLedger ledger, IReadOnlyCollection<(int Position, DeliveryStatus Status)> outcomes, CancellationToken cancellationToken)
    {
        foreach (var (position, status) in outcomes)
        {
            ledger.Set(position, status);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var entity = ledger.ToEntity();
                var response = ledger.ETag is { } etag
                    ? await _storage.Ledger.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)
                    : await _storage.Ledger.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                ledger.ETag = response.Headers.ETag;
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxMergeAttempts)
            {
                // Someone else wrote this chunk's record (a duplicated run): take theirs and add ours.
                var current = await _storage.Ledger.GetEntityAsync<TableEntity>(ledger.PartitionKey, ledger.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                ledger.MergeFrom(current.Value);
            }
        }
    }
}
