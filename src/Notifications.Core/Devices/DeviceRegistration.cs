using Notifications.Core.Delivery;

namespace Notifications.Core.Devices;

/// <summary>One app install on one device, registered for a user.</summary>
/// <param name="UserId">The user it belongs to.</param>
/// <param name="Platform">Which gateway reaches it.</param>
/// <param name="Token">The FCM registration token or APNs device token.</param>
/// <param name="AppId">The Android package or iOS bundle id.</param>
/// <param name="RegisteredAt">When it was first registered.</param>
/// <param name="LastSeenAt">When the app last registered it (apps re-register on every start).</param>
/// <param name="TimeZone">The user's IANA time zone, when the app sent one.</param>
/// <param name="Locale">The app's BCP 47 language, when the app sent one.</param>
public sealed record DeviceRegistration(
    string UserId,
    PushPlatform Platform,
    string Token,
    string? AppId,
    DateTimeOffset RegisteredAt,
    DateTimeOffset LastSeenAt,
    string? TimeZone = null,
    string? Locale = null);
