using System.Globalization;
using Azure.Data.Tables;
using Notifications.Core.Delivery;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Sending;

/// <summary>
/// Per-chunk record of final outcomes (Table storage, partition <c>{batchId}-{chunk}</c>, row per device). A chunk
/// that runs again (activity retry, crash, replay) skips every device recorded here, so it never pushes twice to a
/// device already delivered.
/// </summary>
public sealed class DeliveryLedger
{
    private readonly StorageClients _storage;

    /// <summary>Creates the ledger.</summary>
    public DeliveryLedger(StorageClients storage) => _storage = storage;

    /// <summary>The table partition of one chunk.</summary>
    public static string Partition(string batchId, int chunk) => $"{batchId}-{chunk.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>Final outcomes already recorded for a chunk, by device id.</summary>
    public async Task<Dictionary<string, LedgerEntry>> LoadAsync(string batchId, int chunk, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(batchId, chunk)}");
        var entries = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        await foreach (var row in _storage.Ledger.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "Status", "Reason"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Enum.TryParse<DeliveryStatus>(row.GetString("Status"), out var status))
            {
                entries[row.RowKey] = new LedgerEntry(row.RowKey, status, row.GetString("Reason"));
            }
        }

        return entries;
    }

    /// <summary>Records outcomes, up to 100 per request (one entity group transaction).</summary>
    public async Task RecordAsync(string batchId, int chunk, IReadOnlyCollection<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var partition = Partition(batchId, chunk);
        foreach (var batch in entries.DistinctBy(e => e.DeviceId).Chunk(100))
        {
            var actions = batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, e.DeviceId)
            {
                ["Status"] = e.Status.ToString(),
                ["Reason"] = e.Reason,
            }));
            await _storage.Ledger.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
    }
}
