namespace Notifications.Core.Delivery;

/// <summary>One push to send: a device and the prepared message it gets.</summary>
/// <param name="Platform">Which gateway reaches the device.</param>
/// <param name="Token">The FCM registration token or APNs device token.</param>
/// <param name="Message">The rendered message.</param>
public readonly record struct PushItem(PushPlatform Platform, string Token, PreparedMessage Message);
