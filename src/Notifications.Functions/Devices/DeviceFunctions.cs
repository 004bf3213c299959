using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Notifications.Core.Api;
using Notifications.Functions.Http;

namespace Notifications.Functions.Devices;

/// <summary>
/// The endpoints the apps call to register and unregister devices. Anonymous at the Functions layer, since an app
/// cannot keep a function key secret: the app user's own sign-in token (<c>Authorization: Bearer</c>, validated by
/// Core against the configured issuer) is the credential, and says whose device it is.
/// </summary>
public sealed class DeviceFunctions(DeviceApi api)
{
    /// <summary><c>POST /api/devices/register</c>: upsert; 201 when new, 200 when refreshed.</summary>
    [Function("RegisterDevice")]
    public Task<IActionResult> Register([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/devices/register")] HttpRequest request) =>
        ApiResults.Run(request, api.RegisterAsync(request.Headers.Authorization.FirstOrDefault(), ApiResults.Body(request), request.HttpContext.RequestAborted));

    /// <summary><c>POST /api/devices/unregister</c>: 200 when removed, 404 when unknown.</summary>
    [Function("UnregisterDevice")]
    public Task<IActionResult> Unregister([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/devices/unregister")] HttpRequest request) =>
        ApiResults.Run(request, api.UnregisterAsync(request.Headers.Authorization.FirstOrDefault(), ApiResults.Body(request), request.HttpContext.RequestAborted));
}
