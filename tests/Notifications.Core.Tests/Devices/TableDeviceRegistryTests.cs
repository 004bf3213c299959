using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Devices;

[Collection(StorageCollection.Name)]
public sealed class TableDeviceRegistryTests(AzuriteFixture azurite)
{
    private IDeviceRegistry CreateRegistry()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestSettings.Storage(azurite)).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddStorage()
            .BuildServiceProvider().GetRequiredService<IDeviceRegistry>();
    }

    [Fact]
    public async Task RegisterAsync_SameDeviceTwice_UpsertKeepsRegisteredAt()
    {
        var registry = CreateRegistry();

        Assert.True(await registry.RegisterAsync("alice", PushPlatform.Ios, new string('c', 64), "com.example.social"));
        var first = Assert.Single(await registry.GetDevicesAsync("alice"));
        await Task.Delay(20);
        Assert.False(await registry.RegisterAsync("alice", PushPlatform.Ios, new string('c', 64), "com.example.social.beta"));
        var second = Assert.Single(await registry.GetDevicesAsync("alice"));

        Assert.Equal(first.RegisteredAt, second.RegisteredAt);
        Assert.True(second.LastSeenAt > first.LastSeenAt);
        Assert.Equal("com.example.social.beta", second.AppId);
    }

    [Fact]
    public async Task UnregisterAsync_KnownThenUnknown_TrueThenFalse()
    {
        var registry = CreateRegistry();
        await registry.RegisterAsync("bob", PushPlatform.Android, "fcm-bob", null);

        Assert.True(await registry.UnregisterAsync("bob", PushPlatform.Android, "fcm-bob"));
        Assert.False(await registry.UnregisterAsync("bob", PushPlatform.Android, "fcm-bob"));
        Assert.Empty(await registry.GetDevicesAsync("bob"));
    }

    [Fact]
    public async Task GetDevicesAsync_UserIdsThatArePrefixesOfOthers_NotMixedUp()
    {
        var registry = CreateRegistry();
        await registry.RegisterAsync("ann", PushPlatform.Android, "fcm-ann", null);
        await registry.RegisterAsync("ann2", PushPlatform.Android, "fcm-ann2", null);

        Assert.Equal(["fcm-ann"], (await registry.GetDevicesAsync("ann")).Select(d => d.Token));
    }

    [Theory]
    [InlineData(TableDeviceRegistry.ScanThreshold - 1)]
    [InlineData(TableDeviceRegistry.ScanThreshold)]
    public async Task GetDevicesAsync_ManyUsersOfOnePartition_SameAnswerByRangeOrScan(int wanted)
    {
        var registry = CreateRegistry();
        var now = TimeProvider.System.GetUtcNow();

        // Users that share a partition with "seed": the scan path reads the partition, the range path each user.
        var partition = DeviceKeys.Partition("seed");
        var users = Enumerable.Range(0, 200_000).Select(i => $"user{i}").Where(u => DeviceKeys.Partition(u) == partition).Take(60).ToList();
        await registry.ImportAsync(users.Select(u => new DeviceRegistration(u, PushPlatform.Android, "fcm-" + u, null, now, now)));

        var found = await registry.GetDevicesAsync(partition, users.Take(wanted).ToList());

        Assert.Equal(users.Take(wanted).Order(), found.Select(d => d.UserId).Order());
    }
}
