namespace Notifications.Core.Api;

/// <summary>
/// Body of <c>POST /api/devices/register</c> and <c>/unregister</c>. Whose device it is comes from the app-user token,
/// never from the body: a body that names a user id is refused.
/// </summary>
/// <param name="Platform"><c>android</c> or <c>ios</c>.</param>
/// <param name="Token">The FCM registration token or APNs device token.</param>
/// <param name="AppId">The Android package or iOS bundle id (register only).</param>
/// <param name="TimeZone">The user's IANA time zone, e.g. <c>Europe/Berlin</c> (register only, optional).</param>
/// <param name="Locale">The app's BCP 47 language, e.g. <c>de-DE</c> (register only, optional).</param>
public sealed record DeviceRegistrationRequest(string? Platform, string? Token, string? AppId = null, string? TimeZone = null, string? Locale = null);
