using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Delivery;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Sending;

/// <summary>
/// Per-chunk record of final outcomes: one small table entity per chunk (partition = send, row = plan and chunk)
/// holding a bitmap per outcome over the chunk's positions. A chunk that runs again (activity retry, crash,
/// replay, a duplicate delivery of the work item) skips every position already recorded, so it never pushes twice
/// to a device already delivered. Writes merge with optimistic concurrency, so two runs of one chunk never erase
/// each other's records.
/// </summary>
/// <remarks>
/// A push the gateway accepted but the ledger has not stored yet is pushed again if the worker dies, so the time
/// from answer to storage is the duplicate window. One writer per process commits every chunk that changed, every
/// <see cref="BatchOptions.LedgerFlushInterval"/>, as entity group transactions of up to 100 chunks (all chunks of
/// a send share its partition): a short window without a storage request per chunk per flush.
/// </remarks>
public sealed class DeliveryLedger
{
    private const int MaxTransactionActions = 100;
    private const int MaxFailedFlushes = 8;
    private readonly StorageClients _storage;
    private readonly TimeSpan _interval;
    private readonly ILogger<DeliveryLedger> _logger;
    private readonly Lock _gate = new();
    private readonly List<ChunkLedger> _dirty = [];
    private Task? _flusher;
    private int _failedFlushes;

    /// <summary>Creates the ledger over the ledger table; one per process, its writer flushing every <see cref="BatchOptions.LedgerFlushInterval"/>.</summary>
    public DeliveryLedger(StorageClients storage, IOptions<BatchOptions> options, ILogger<DeliveryLedger> logger)
    {
        _storage = storage;
        _interval = options.Value.LedgerFlushInterval;
        _logger = logger;
    }

    /// <summary>The row of one chunk of one shard's chunk set.</summary>
    public static string Row(string planId, string chunkSet, int chunk) => $"{planId}-{chunkSet}-{chunk.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>The recorded outcomes of a chunk of <paramref name="size"/> devices (empty if none yet).</summary>
    public async Task<ChunkLedger> LoadAsync(string batchId, string planId, string chunkSet, int chunk, int size, CancellationToken cancellationToken)
    {
        var key = Row(planId, chunkSet, chunk);
        var row = await _storage.Ledger.GetEntityIfExistsAsync<TableEntity>(batchId, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ChunkLedger.From(row.Value!, size) : new ChunkLedger(batchId, key, size);
    }

    /// <summary>Records a final outcome; it is stored with the next flush (<see cref="ChunkLedger.StoredAsync"/> waits for it).</summary>
    public void Record(ChunkLedger ledger, int position, DeliveryStatus status)
    {
        if (!ledger.Record(position, status))
        {
            return;
        }

        lock (_gate)
        {
            if (!ledger.Queued)
            {
                ledger.Queued = true;
                _dirty.Add(ledger);
            }

            _flusher ??= Task.Run(FlushLoopAsync);
        }
    }

    private async Task FlushLoopAsync()
    {
        while (true)
        {
            await Task.Delay(_interval).ConfigureAwait(false);
            List<ChunkLedger> round;
            lock (_gate)
            {
                if (_dirty.Count == 0)
                {
                    _flusher = null;
                    return;
                }

                round = [.. _dirty];
                _dirty.Clear();
                foreach (var ledger in round)
                {
                    ledger.Queued = false;
                }
            }

            try
            {
                await Task.WhenAll(Transactions(round).Select(CommitAsync)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Not a storage answer (those are retried in CommitAsync): a bug. The loop must live on, or every
                // chunk of this process would wait forever; whoever waits on this round gets the error.
                round.ForEach(ledger => ledger.StoreFailed(ex));
            }
        }
    }

    /// <summary>Groups by partition, at most 100 to a transaction, and never one row twice in a transaction.</summary>
    private static List<List<ChunkLedger>> Transactions(List<ChunkLedger> round)
    {
        var transactions = new List<List<ChunkLedger>>();
        foreach (var partition in round.GroupBy(l => l.PartitionKey, StringComparer.Ordinal))
        {
            var open = new List<(List<ChunkLedger> Ledgers, HashSet<string> Rows)>();
            foreach (var ledger in partition)
            {
                var slot = open.FirstOrDefault(t => t.Ledgers.Count < MaxTransactionActions && !t.Rows.Contains(ledger.RowKey));
                if (slot.Ledgers is null)
                {
                    slot = ([], new HashSet<string>(StringComparer.Ordinal));
                    open.Add(slot);
                }

                slot.Ledgers.Add(ledger);
                slot.Rows.Add(ledger.RowKey);
            }

            transactions.AddRange(open.Select(t => t.Ledgers));
        }

        return transactions;
    }

    private async Task CommitAsync(List<ChunkLedger> ledgers)
    {
        var snapshots = ledgers.Select(l => l.Snapshot()).ToList();
        var actions = snapshots.Select(s => s.ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, s.Entity, etag)
            : new TableTransactionAction(TableTransactionActionType.Add, s.Entity)).ToList();
        try
        {
            var responses = await _storage.Ledger.SubmitTransactionAsync(actions).ConfigureAwait(false);
            for (var i = 0; i < ledgers.Count; i++)
            {
                ledgers[i].Stored(snapshots[i].Version, responses.Value[i].Headers.ETag);
            }

            Volatile.Write(ref _failedFlushes, 0);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another run of a chunk wrote its record (a duplicated work item): take theirs and add ours. The
            // transaction was all or nothing, so every chunk in it goes round again.
            try
            {
                var stale = ex.FailedTransactionActionIndex is { } index ? [ledgers[index]] : ledgers;
                foreach (var ledger in stale)
                {
                    var current = await _storage.Ledger.GetEntityIfExistsAsync<TableEntity>(ledger.PartitionKey, ledger.RowKey).ConfigureAwait(false);
                    if (current.HasValue)
                    {
                        ledger.MergeFrom(current.Value!);
                    }
                }

                Requeue(ledgers);
            }
            catch (Exception fetch) when (IsStorageFailure(fetch))
            {
                Failed(ledgers, fetch);
            }
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            Failed(ledgers, ex);
        }
    }

    // The SDK throws RequestFailedException for an answer, and AggregateException once its own retries of a
    // connection failure are spent.
    private static bool IsStorageFailure(Exception ex) => ex is RequestFailedException or AggregateException or IOException or HttpRequestException;

    private void Failed(List<ChunkLedger> ledgers, Exception ex)
    {
        var (status, code) = ex is RequestFailedException failed ? (failed.Status, failed.ErrorCode ?? "") : (0, ex.GetType().Name);
        Log.LedgerFlushFailed(_logger, ledgers[0].PartitionKey, ledgers.Count, status, code);
        if (Interlocked.Increment(ref _failedFlushes) >= MaxFailedFlushes)
        {
            // Storage keeps refusing: the chunks' activities fail and are retried by the orchestration, and the
            // retry skips whatever an earlier flush did store.
            Volatile.Write(ref _failedFlushes, 0);
            foreach (var ledger in ledgers)
            {
                ledger.StoreFailed(ex);
            }

            return;
        }

        Requeue(ledgers);
    }

    private void Requeue(List<ChunkLedger> ledgers)
    {
        lock (_gate)
        {
            foreach (var ledger in ledgers.Where(l => !l.Queued))
            {
                ledger.Queued = true;
                _dirty.Add(ledger);
            }

            _flusher ??= Task.Run(FlushLoopAsync);
        }
    }
}
