using Notifications.Core.Delivery;

namespace Notifications.Core.Devices;

/// <summary>Where to push: the three properties planning reads from the registry (and all it asks the store for).</summary>
/// <param name="UserId">The user the device belongs to.</param>
/// <param name="Platform">Which gateway reaches it.</param>
/// <param name="Token">The FCM registration token or APNs device token.</param>
public sealed record DeviceAddress(string UserId, PushPlatform Platform, string Token);
