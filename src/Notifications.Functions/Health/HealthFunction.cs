using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Notifications.Functions.Health;

/// <summary>Liveness probe: answers when the worker is up and its options validated at start.</summary>
public static class HealthFunction
{
    /// <summary><c>GET /api/health</c>.</summary>
    [Function("Health")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) =>
        new OkObjectResult(new { status = "ok" });
}
