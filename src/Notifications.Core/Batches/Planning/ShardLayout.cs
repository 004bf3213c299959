using System.IO.Hashing;
using System.Numerics;
using System.Text;
using Notifications.Core.Batches.Files;
using Notifications.Core.Devices;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// How a send's audience is cut into shards: each shard is a contiguous range of registry partitions, so every
/// user (and every repeat of that user) lands in exactly one shard, and a shard's planner reads only its own
/// partitions of the registry.
/// </summary>
public static class ShardLayout
{
    /// <summary>
    /// Buckets for a file of <paramref name="contentLength"/> bytes at about <paramref name="shardBytes"/> each: a
    /// power of two from 1 to <see cref="DeviceKeys.PartitionCount"/>, so each bucket is a whole number of partitions.
    /// </summary>
    public static int BucketCount(long contentLength, int shardBytes)
    {
        var wanted = Math.Clamp((contentLength + shardBytes - 1) / Math.Max(1, shardBytes), 1, DeviceKeys.PartitionCount);
        return (int)Math.Min(BitOperations.RoundUpToPowerOf2((ulong)wanted), DeviceKeys.PartitionCount);
    }

    /// <summary>
    /// The registry partition an entry belongs to: its user's, or for a device without a user, one picked by a
    /// stable hash of its token (so the same token listed twice lands in the same shard).
    /// </summary>
    public static int PartitionOf(in AudienceEntry entry) => entry.UserId is { } userId
        ? DeviceKeys.PartitionIndex(userId)
        : (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(entry.Token ?? string.Empty)) % DeviceKeys.PartitionCount);

    /// <summary>The bucket of registry partition <paramref name="partition"/> among <paramref name="buckets"/>.</summary>
    public static int BucketOf(int partition, int buckets) => partition * buckets / DeviceKeys.PartitionCount;
}
