using Azure;
using Azure.Data.Tables;
using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Sending;

/// <summary>
/// The final outcomes recorded for one chunk, as three bitmaps over its positions, and how much of that is stored:
/// outcomes arrive on many threads, and <see cref="DeliveryLedger"/> stores them in the background.
/// </summary>
public sealed class ChunkLedger
{
    private readonly byte[] _delivered;
    private readonly byte[] _invalid;
    private readonly byte[] _rejected;
    private readonly Lock _gate = new();
    private readonly List<(long Version, TaskCompletionSource Stored)> _waiters = [];
    private long _version;
    private long _stored;

    // Records counted out of UnrecordedPushes: stored, or abandoned when storing failed for good.
    private long _released;

    internal ChunkLedger(string partitionKey, string rowKey, int size)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
        Size = size;
        _delivered = new byte[(size + 7) / 8];
        _invalid = new byte[(size + 7) / 8];
        _rejected = new byte[(size + 7) / 8];
    }

    /// <summary>Devices in the chunk.</summary>
    public int Size { get; }

    internal string PartitionKey { get; }

    internal string RowKey { get; }

    internal ETag? ETag { get; private set; }

    /// <summary>Waiting in <see cref="DeliveryLedger"/>'s queue (guarded by its lock).</summary>
    internal bool Queued { get; set; }

    /// <summary>The final outcome recorded for <paramref name="position"/>, or null.</summary>
    public DeliveryStatus? Get(int position)
    {
        lock (_gate)
        {
            return IsSet(_delivered, position) ? DeliveryStatus.Delivered
                : IsSet(_invalid, position) ? DeliveryStatus.InvalidToken
                : IsSet(_rejected, position) ? DeliveryStatus.Rejected
                : null;
        }
    }

    /// <summary>Positions with a final outcome.</summary>
    public int Count => Enumerable.Range(0, Size).Count(p => Get(p) is not null);

    internal static ChunkLedger From(TableEntity entity, int size)
    {
        var ledger = new ChunkLedger(entity.PartitionKey, entity.RowKey, size);
        ledger.MergeFrom(entity);
        return ledger;
    }

    /// <summary>Sets a final outcome; false when there was nothing to store (not final, or already set).</summary>
    internal bool Record(int position, DeliveryStatus status)
    {
        var map = status switch
        {
            DeliveryStatus.Delivered => _delivered,
            DeliveryStatus.InvalidToken => _invalid,
            DeliveryStatus.Rejected => _rejected,
            _ => null,
        };
        if (map is null)
        {
            return false;
        }

        lock (_gate)
        {
            var bit = (byte)(1 << (position % 8));
            if ((map[position / 8] & bit) != 0)
            {
                return false;
            }

            map[position / 8] |= bit;
            _version++;
            UnrecordedPushes.Recorded(1);
            return true;
        }
    }

    internal void MergeFrom(TableEntity entity)
    {
        lock (_gate)
        {
            Or(_delivered, entity.GetBinary("Delivered"));
            Or(_invalid, entity.GetBinary("Invalid"));
            Or(_rejected, entity.GetBinary("Rejected"));
            ETag = entity.ETag;
        }
    }

    /// <summary>What to store now: the entity (copied, so later outcomes do not change it mid-write) and its version.</summary>
    internal (TableEntity Entity, ETag? ETag, long Version) Snapshot()
    {
        lock (_gate)
        {
            var entity = new TableEntity(PartitionKey, RowKey)
            {
                ["Size"] = Size,
                ["Delivered"] = (byte[])_delivered.Clone(),
                ["Invalid"] = (byte[])_invalid.Clone(),
                ["Rejected"] = (byte[])_rejected.Clone(),
            };
            return (entity, ETag, _version);
        }
    }

    /// <summary>The snapshot of <paramref name="version"/> is stored; its ETag is the row's now.</summary>
    internal void Stored(long version, ETag? etag)
    {
        List<TaskCompletionSource> done;
        lock (_gate)
        {
            _stored = Math.Max(_stored, version);
            Release(_stored);

            // Without one, the next write is refused as stale and merges with what is stored: slower, still safe.
            ETag = etag;
            done = _waiters.Where(w => w.Version <= _stored).Select(w => w.Stored).ToList();
            _waiters.RemoveAll(w => w.Version <= _stored);
        }

        done.ForEach(w => w.TrySetResult());
    }

    /// <summary>Storing failed for good: whoever waits gets the error.</summary>
    internal void StoreFailed(Exception exception)
    {
        List<TaskCompletionSource> failed;
        lock (_gate)
        {
            failed = _waiters.Select(w => w.Stored).ToList();
            _waiters.Clear();

            // The chunk's activity fails and its retry pushes these again: no longer this ledger's to count.
            Release(_version);
        }

        failed.ForEach(w => w.TrySetException(exception));
    }

    /// <summary>Completes when everything recorded so far is stored; faults if storage keeps refusing it.</summary>
    public Task StoredAsync()
    {
        lock (_gate)
        {
            if (_stored >= _version)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_version, waiter));
            return waiter.Task;
        }
    }

    private void Release(long upTo)
    {
        if (upTo > _released)
        {
            UnrecordedPushes.Released(upTo - _released);
            _released = upTo;
        }
    }

    private static bool IsSet(byte[] map, int position) => (map[position / 8] & (1 << (position % 8))) != 0;

    private static void Or(byte[] into, byte[]? from)
    {
        if (from is null)
        {
            return;
        }

        for (var i = 0; i < Math.Min(into.Length, from.Length); i++)
        {
            into[i] |= from[i];
        }
    }
}
