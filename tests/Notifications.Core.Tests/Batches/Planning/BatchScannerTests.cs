using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Batches.Planning;

public sealed class BatchScannerTests
{
    [Fact]
    public void FindDuplicateUsers_RepeatInAnyBucket_NamesBothPositions()
    {
        using var scratch = new PlanScratch(4);
        string[] users = ["a", "b", "c", "d", "b", "e", "a"];
        for (var i = 0; i < users.Length; i++)
        {
            var entry = new AudienceEntry(i, users[i], PushPlatform.Android, null);
            scratch.Write(ShardLayout.BucketOf(ShardLayout.PartitionOf(entry), scratch.Buckets), entry);
        }

        scratch.CompleteWriting();

        Assert.Equal(
            ["audience.users[4]: the same user as audience.users[1]", "audience.users[6]: the same user as audience.users[0]"],
            BatchScanner.FindDuplicateUsers(scratch).Order());
    }

    [Fact]
    public void FindDuplicateUsers_UserAndAnExplicitDeviceOfTheirs_NotARepeat()
    {
        using var scratch = new PlanScratch(1);
        scratch.Write(0, new AudienceEntry(0, "a", PushPlatform.Android, null));
        scratch.Write(0, new AudienceEntry(0, "a", PushPlatform.Android, "token-of-a"));
        scratch.CompleteWriting();

        Assert.Empty(BatchScanner.FindDuplicateUsers(scratch));
    }

    [Fact]
    public void MoveDistinctDevices_TokenListedTwice_FirstListingKeptInItsOwnersBucket()
    {
        using var byToken = new PlanScratch(8);
        using var audience = new PlanScratch(8);
        AudienceEntry[] devices =
        [
            new(0, "owner", PushPlatform.Android, "shared"),
            new(1, null, PushPlatform.Android, "shared"),
            new(2, null, PushPlatform.Ios, "shared"),
            new(3, null, PushPlatform.Android, "other"),
        ];
        foreach (var device in devices)
        {
            byToken.Write(BatchScanner.TokenBucket(device, byToken.Buckets), device);
        }

        byToken.CompleteWriting();

        var kept = BatchScanner.MoveDistinctDevices(byToken, audience);
        audience.CompleteWriting();

        // The same token on another platform is another device.
        Assert.Equal(3, kept);
        var moved = Enumerable.Range(0, 8).SelectMany(b => audience.Read(b).Select(e => (Bucket: b, Entry: e))).ToList();
        Assert.Equal([0L, 2L, 3L], moved.Select(m => m.Entry.Index).Order());
        var owned = moved.Single(m => m.Entry.Index == 0);
        Assert.Equal(ShardLayout.BucketOf(ShardLayout.PartitionOf(new AudienceEntry(0, "owner", PushPlatform.Android, null)), 8), owned.Bucket);
    }
}
