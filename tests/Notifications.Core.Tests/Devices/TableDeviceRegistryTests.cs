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
    private IDeviceRegistry CreateRegistry(IDictionary<string, string?>? overrides = null) => CreateServices(overrides).GetRequiredService<IDeviceRegistry>();

    private ServiceProvider CreateServices(IDictionary<string, string?>? overrides = null)
    {
        var settings = TestSettings.Storage(azurite);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddStorage().BuildServiceProvider();
    }

    [Fact]
    public async Task ImportAsync_RegistryOverTwoAccountsOfFourTables_EachRowInTheTableOfItsPartitionRange()
    {
        // The same Azurite twice stands in for two accounts; shard i lives in account i mod 2, table devicesNN.
        var services = CreateServices(new Dictionary<string, string?>
        {
            ["Storage:DevicesConnectionString"] = azurite.ConnectionString + "," + azurite.ConnectionString,
            ["Storage:DeviceTablesPerAccount"] = "4",
        });
        var registry = services.GetRequiredService<IDeviceRegistry>();
        var now = DateTimeOffset.UnixEpoch;
        var devices = Enumerable.Range(0, 400).Select(i => new DeviceRegistration($"user{i}", PushPlatform.Android, $"fcm-{i}", null, now, now)).ToList();

        await registry.ImportAsync(devices);
        await registry.RegisterAsync("late", PushPlatform.Ios, new string('d', 64), null);

        var storage = services.GetRequiredService<Notifications.Core.Storage.StorageClients>();
        Assert.Equal(8, storage.DeviceShards.Count);
        var rows = 0;
        for (var shard = 0; shard < 8; shard++)
        {
            await foreach (var row in storage.DeviceShards[shard].QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
            {
                Assert.Equal(shard, DeviceKeys.PartitionIndexOf(row.PartitionKey) * 8 / DeviceKeys.PartitionCount);
                rows++;
            }
        }

        Assert.Equal(401, rows);
        Assert.Single(await registry.GetDevicesAsync("user7"));
        var partition = DeviceKeys.Partition("late");
        Assert.Single(await registry.GetDevicesAsync(partition, ["late"]));
        Assert.True(await registry.UnregisterAsync("late", PushPlatform.Ios, new string('d', 64)));
    }

    [Fact]
    public async Task GetDevicesAsync_NotARegistryPartitionKey_Refused()
    {
        var registry = CreateRegistry();

        await Assert.ThrowsAsync<ArgumentException>(() => registry.GetDevicesAsync("devices", ["a", "b", "c", "d", "e", "f", "g", "h", "i"]));
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
