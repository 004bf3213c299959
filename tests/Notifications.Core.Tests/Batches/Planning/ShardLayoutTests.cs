using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Tests.Batches.Planning;

public sealed class ShardLayoutTests
{
    [Theory]
    [InlineData(10, 262_144, 1)]
    [InlineData(262_144, 262_144, 1)]
    [InlineData(262_145, 262_144, 2)]
    [InlineData(14_000_000, 262_144, 64)]
    [InlineData(70_000_000, 262_144, 512)]
    [InlineData(10_000_000_000, 262_144, 1024)]
    public void BucketCount_FileSize_PowerOfTwoNoMoreThanPartitions(long bytes, int shardBytes, int expected) =>
        Assert.Equal(expected, ShardLayout.BucketCount(bytes, shardBytes));

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(1024)]
    public void BucketOf_EveryPartition_ContiguousRangesOfEqualSize(int buckets)
    {
        var ofPartition = Enumerable.Range(0, DeviceKeys.PartitionCount).Select(p => ShardLayout.BucketOf(p, buckets)).ToList();

        Assert.Equal(Enumerable.Range(0, buckets), ofPartition.Distinct());
        Assert.Equal(ofPartition.Order(), ofPartition);
        Assert.All(ofPartition.GroupBy(b => b), g => Assert.Equal(DeviceKeys.PartitionCount / buckets, g.Count()));
    }

    [Fact]
    public void PartitionOf_UserAndItsExplicitDevice_SamePartition()
    {
        var user = new AudienceEntry(0, "u42", PushPlatform.Android, null);
        var device = new AudienceEntry(3, "u42", PushPlatform.Ios, "token-of-u42");

        Assert.Equal(DeviceKeys.PartitionIndex("u42"), ShardLayout.PartitionOf(user));
        Assert.Equal(ShardLayout.PartitionOf(user), ShardLayout.PartitionOf(device));
    }

    [Fact]
    public void PartitionOf_DeviceWithoutUser_StableByToken()
    {
        var first = new AudienceEntry(0, null, PushPlatform.Android, "token-a");
        var again = new AudienceEntry(9, null, PushPlatform.Android, "token-a");

        Assert.Equal(ShardLayout.PartitionOf(first), ShardLayout.PartitionOf(again));
        Assert.InRange(ShardLayout.PartitionOf(first), 0, DeviceKeys.PartitionCount - 1);
    }
}
