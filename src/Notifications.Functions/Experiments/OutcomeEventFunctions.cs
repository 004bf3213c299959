using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Notifications.Core.Api;
using Notifications.Functions.Http;

namespace Notifications.Functions.Experiments;

/// <summary>
/// The endpoint the apps report opens and conversions to. Anonymous at the Functions layer, as device registration
/// is: the app user's sign-in token, validated by Core, is the credential and says whose event it is.
/// </summary>
public sealed class OutcomeEventFunctions(OutcomeEventApi api)
{
    /// <summary><c>POST /api/events</c>: 201 when recorded, 200 when it already was.</summary>
    [Function("RecordOutcomeEvent")]
    public Task<IActionResult> Record([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events")] HttpRequest request) =>
        ApiResults.Run(request, api.RecordAsync(request.Headers.Authorization.FirstOrDefault(), ApiResults.Body(request), request.HttpContext.RequestAborted));
}
