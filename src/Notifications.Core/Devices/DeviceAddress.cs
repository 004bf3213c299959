using Notifications.Core.Delivery;

namespace Notifications.Core.Devices;

/// <summary>Where and when to push: the properties planning reads from the registry (and all it asks the store for).</summary>
/// <param name="UserId">The user the device belongs to.</param>
/// <param name="Platform">Which gateway reaches it.</param>
/// <param name="Token">The FCM registration token or APNs device token.</param>
/// <param name="TimeZone">The device's IANA time zone, when the app registered one (quiet hours, local-time delivery).</param>
/// <param name="Locale">The device's BCP 47 locale, when the app registered one (localised messages).</param>
public sealed record DeviceAddress(string UserId, PushPlatform Platform, string Token, string? TimeZone = null, string? Locale = null);
