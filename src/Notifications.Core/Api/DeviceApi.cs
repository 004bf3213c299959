using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Api;

/// <summary>The device endpoints the apps call: register on every start (upsert), unregister on sign-out.</summary>
public sealed class DeviceApi
{
    private readonly IDeviceRegistry _registry;

    /// <summary>Creates the API.</summary>
    public DeviceApi(IDeviceRegistry registry) => _registry = registry;

    /// <summary><c>POST /api/devices/register</c>: 201 when new, 200 when refreshed.</summary>
    public async Task<ApiResponse> RegisterAsync(Stream body, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiJson.ReadAsync<DeviceRegistrationRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (Validate(request!, out var platform) is { } invalid)
        {
            return invalid;
        }

        var created = await _registry.RegisterAsync(request!.UserId!, platform, request.Token!, request.AppId, cancellationToken).ConfigureAwait(false);
        var result = new { userId = request.UserId, platform = platform.ToName(), deviceId = DeviceKeys.DeviceId(platform, request.Token!), created };
        return new ApiResponse(created ? 201 : 200, result);
    }

    /// <summary><c>POST /api/devices/unregister</c>: 200 when removed, 404 when it was not registered.</summary>
    public async Task<ApiResponse> UnregisterAsync(Stream body, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiJson.ReadAsync<DeviceRegistrationRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (Validate(request!, out var platform) is { } invalid)
        {
            return invalid;
        }

        return await _registry.UnregisterAsync(request!.UserId!, platform, request.Token!, cancellationToken).ConfigureAwait(false)
            ? new ApiResponse(200, new { removed = true })
            : ApiResponse.Problem(404, "No such device.", "That token is not registered for that user.");
    }

    private static ApiResponse? Validate(DeviceRegistrationRequest request, out PushPlatform platform)
    {
        var errors = new Dictionary<string, string[]>();
        if (!DeviceKeys.IsValidUserId(request.UserId))
        {
            errors["userId"] = ["required: 1-128 of letters, digits and ._@:+-"];
        }

        if (!PlatformNames.TryParse(request.Platform, out platform))
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

        return errors.Count == 0 ? null : ApiResponse.ValidationProblem(errors);
    }
}
