namespace Notifications.Core.Devices;

/// <summary>Reading the registry for a sample of users (a preview's, a review's): their devices, a few users at a time.</summary>
public static class DeviceRegistryExtensions
{
    /// <summary>Users read at once.</summary>
    private const int Parallelism = 16;

    /// <summary>The devices on <paramref name="platforms"/> (all of them when empty) of each of <paramref name="users"/>, in their order.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<DeviceRegistration>>> GetDevicesAsync(
        this IDeviceRegistry registry, IReadOnlyList<string> users, IReadOnlyCollection<Delivery.PushPlatform> platforms, CancellationToken cancellationToken = default)
    {
        var devices = new IReadOnlyList<DeviceRegistration>[users.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => devices[i] = (await registry.GetDevicesAsync(users[i], ct).ConfigureAwait(false))
                .Where(d => platforms.Count == 0 || platforms.Contains(d.Platform)).ToList()).ConfigureAwait(false);
        return devices;
    }
}
