using Notifications.Core.Delivery;

namespace Notifications.Core.Devices;

/// <summary>User to devices, as the apps registered them.</summary>
public interface IDeviceRegistry
{
    /// <summary>
    /// Adds or refreshes a device (apps call this on every start), with the user's time zone and locale when the app
    /// sends them (a refresh without them keeps the stored ones). Returns true when it was new.
    /// </summary>
    Task<bool> RegisterAsync(
        string userId, PushPlatform platform, string token, string? appId, DeviceLocality? locality = null, CancellationToken cancellationToken = default);

    /// <summary>Removes a device; a device that is not registered is not an error. Returns true when one was removed.</summary>
    Task<bool> UnregisterAsync(string userId, PushPlatform platform, string token, CancellationToken cancellationToken = default);

    /// <summary>Every device of one user.</summary>
    Task<IReadOnlyList<DeviceRegistration>> GetDevicesAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The address of every device of every user in <paramref name="userIds"/>, all of which live in
    /// <paramref name="partition"/> (<see cref="DeviceKeys.Partition"/>). Reads the whole partition when many of its
    /// users are wanted, and only the properties a push needs.
    /// </summary>
    Task<IReadOnlyList<DeviceAddress>> GetDevicesAsync(string partition, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default);

    /// <summary>Writes many registrations with as few requests as the store allows (seeding, imports).</summary>
    Task ImportAsync(IEnumerable<DeviceRegistration> registrations, CancellationToken cancellationToken = default);
}
