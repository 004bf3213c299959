namespace Notifications.Core.Api;

/// <summary>Body of <c>POST /api/devices/register</c> and <c>/unregister</c>.</summary>
/// <param name="UserId">The signed-in user.</param>
/// <param name="Platform"><c>android</c> or <c>ios</c>.</param>
/// <param name="Token">The FCM registration token or APNs device token.</param>
/// <param name="AppId">The Android package or iOS bundle id (register only).</param>
public sealed record DeviceRegistrationRequest(string? UserId, string? Platform, string? Token, string? AppId = null);
