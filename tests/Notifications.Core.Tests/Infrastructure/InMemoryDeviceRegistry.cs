using System.Collections.Concurrent;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Tests.Infrastructure;

/// <summary>
/// A registry in a dictionary, for testing the planning steps apart from Table storage. It counts the partition
/// reads it answers, so a test can prove a shard reads only its own partitions.
/// </summary>
internal sealed class InMemoryDeviceRegistry : IDeviceRegistry
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<(PushPlatform, string), DeviceRegistration>> _byUser = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _partitionsRead = [];

    public IReadOnlyCollection<string> PartitionsRead => _partitionsRead;

    public Task<bool> RegisterAsync(
        string userId, PushPlatform platform, string token, string? appId, DeviceLocality? locality = null, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UnixEpoch;
        return Task.FromResult(_byUser.GetOrAdd(userId, _ => new()).TryAdd((platform, token),
            new DeviceRegistration(userId, platform, token, appId, now, now, locality?.TimeZone, locality?.Locale)));
    }

    public Task<bool> UnregisterAsync(string userId, PushPlatform platform, string token, CancellationToken cancellationToken = default) =>
        Task.FromResult(_byUser.TryGetValue(userId, out var devices) && devices.TryRemove((platform, token), out _));

    public Task<IReadOnlyList<DeviceRegistration>> GetDevicesAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DeviceRegistration>>(_byUser.TryGetValue(userId, out var devices) ? [.. devices.Values] : []);

    public Task<IReadOnlyList<DeviceAddress>> GetDevicesAsync(string partition, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        _partitionsRead.Add(partition);
        Assert.All(userIds, u => Assert.Equal(partition, DeviceKeys.Partition(u)));
        return Task.FromResult<IReadOnlyList<DeviceAddress>>(
            [.. userIds.SelectMany(u => _byUser.TryGetValue(u, out var devices) ? devices.Values : []).Select(d => new DeviceAddress(d.UserId, d.Platform, d.Token, d.TimeZone, d.Locale))]);
    }

    public Task ImportAsync(IEnumerable<DeviceRegistration> registrations, CancellationToken cancellationToken = default)
    {
        foreach (var device in registrations)
        {
            _byUser.GetOrAdd(device.UserId, _ => new())[(device.Platform, device.Token)] = device;
        }

        return Task.CompletedTask;
    }
}
