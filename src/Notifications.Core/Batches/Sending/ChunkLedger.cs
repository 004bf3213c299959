using Azure;
using Azure.Data.Tables;
using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Sending;

/// <summary>The final outcomes recorded for one chunk, as three bitmaps over its positions.</summary>
public sealed class ChunkLedger
{
    private readonly byte[] _delivered;
    private readonly byte[] _invalid;
    private readonly byte[] _rejected;

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

    internal ETag? ETag { get; set; }

    /// <summary>The final outcome recorded for <paramref name="position"/>, or null.</summary>
    public DeliveryStatus? Get(int position) =>
        IsSet(_delivered, position) ? DeliveryStatus.Delivered
        : IsSet(_invalid, position) ? DeliveryStatus.InvalidToken
        : IsSet(_rejected, position) ? DeliveryStatus.Rejected
        : null;

    /// <summary>Positions with a final outcome.</summary>
    public int Count => Enumerable.Range(0, Size).Count(p => Get(p) is not null);

    internal static ChunkLedger From(TableEntity entity, int size)
    {
        var ledger = new ChunkLedger(entity.PartitionKey, entity.RowKey, size) { ETag = entity.ETag };
        ledger.MergeFrom(entity);
        return ledger;
    }

    internal void Set(int position, DeliveryStatus status)
    {
        var map = status switch
        {
            DeliveryStatus.Delivered => _delivered,
            DeliveryStatus.InvalidToken => _invalid,
            DeliveryStatus.Rejected => _rejected,
            _ => null,
        };
        if (map is not null)
        {
            map[position / 8] |= (byte)(1 << (position % 8));
        }
    }

    internal void MergeFrom(TableEntity entity)
    {
        Or(_delivered, entity.GetBinary("Delivered"));
        Or(_invalid, entity.GetBinary("Invalid"));
        Or(_rejected, entity.GetBinary("Rejected"));
        ETag = entity.ETag;
    }

    internal TableEntity ToEntity() => new(PartitionKey, RowKey)
    {
        ["Size"] = Size,
        ["Delivered"] = _delivered,
        ["Invalid"] = _invalid,
        ["Rejected"] = _rejected,
    };

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
