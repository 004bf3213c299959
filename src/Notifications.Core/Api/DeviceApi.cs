using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Identity;

namespace Notifications.Core.Api;

/// <summary>
/// The device endpoints the apps call: register on every start (upsert), unregister on sign-out. The app's own
/// sign-in token (<c>Authorization: Bearer</c>) says whose device it is.
/// </summary>
public sealed class DeviceApi
{
    private readonly IDeviceRegistry _registry;
    private readonly AppUserTokens _tokens;

    /// <summary>Creates the API; <paramref name="tokens"/> validates the app's sign-in token, which says whose device <paramref name="registry"/> records.</summary>
    public DeviceApi(IDeviceRegistry registry, AppUserTokens tokens)
    {
        _registry = registry;
        _tokens = tokens;
    }

    /// <summary><c>POST /api/devices/register</c>: 201 when new, 200 when refreshed, 401 without a valid app-user token.</summary>
    public async Task<ApiResponse> RegisterAsync(string? authorization, ApiBody body, CancellationToken cancellationToken)
    {
        var (userId, request, platform, problem) = await ReadAsync(authorization, body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var locality = new DeviceLocality(request!.TimeZone, request.Locale is { } locale ? DeviceLocality.CanonicalLocale(locale) : null);
        var created = await _registry.RegisterAsync(userId!, platform, request.Token!, request.AppId, locality, cancellationToken).ConfigureAwait(false);
        var result = new { userId, platform = platform.ToName(), deviceId = DeviceKeys.DeviceId(platform, request.Token!), created, timeZone = locality.TimeZone, locale = locality.Locale };
        return new ApiResponse(created ? 201 : 200, result);
    }

    /// <summary><c>POST /api/devices/unregister</c>: 200 when removed, 404 when it was not registered to this user.</summary>
    public async Task<ApiResponse> UnregisterAsync(string? authorization, ApiBody body, CancellationToken cancellationToken)
    {
        var (userId, request, platform, problem) = await ReadAsync(authorization, body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return await _registry.UnregisterAsync(userId!, platform, request!.Token!, cancellationToken).ConfigureAwait(false)
            ? new ApiResponse(200, new { removed = true })
            : ApiResponse.Problem(404, "No such device.", "That token is not registered for the signed-in user.");
    }

    private async Task<(string? UserId, DeviceRegistrationRequest? Request, PushPlatform Platform, ApiResponse? Problem)> ReadAsync(
        string? authorization, ApiBody body, CancellationToken cancellationToken)
    {
        // The token first: an anonymous caller learns nothing about what a valid body looks like.
        var (userId, denied) = await AppUserAuthentication.AuthenticateAsync(_tokens, authorization, cancellationToken).ConfigureAwait(false);
        if (denied is not null)
        {
            return (null, null, default, denied);
        }

        var (request, problem) = await ApiJson.ReadAsync<DeviceRegistrationRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, null, default, problem);
        }

        var errors = new Dictionary<string, string[]>();
        if (!PlatformNames.TryParse(request!.Platform, out var platform))
        {
            errors["platform"] = ["required: android or ios"];
        }

        if (!DeviceKeys.IsValidToken(request.Token))
        {
            errors["token"] = [$"required: 1-{DeviceKeys.MaxTokenLength} printable characters without spaces"];
        }

        if (request.AppId is { Length: > 255 })
        {
            errors["appId"] = ["at most 255 characters"];
        }

        if (request.TimeZone is not null && !DeviceLocality.IsValidTimeZone(request.TimeZone))
        {
            errors["timeZone"] = ["an IANA time zone such as Europe/Berlin or America/New_York (not an offset or a Windows name)"];
        }

        if (request.Locale is not null && !DeviceLocality.IsValidLocale(request.Locale))
        {
            errors["locale"] = ["a BCP 47 language tag such as en, de-DE or pt-BR"];
        }

        return errors.Count == 0 ? (userId, request, platform, null) : (null, null, default, ApiResponse.ValidationProblem(errors));
    }
}
