using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Notifications.Core.Api;

namespace Notifications.Functions.Http;

/// <summary>Turns Core's host-neutral <see cref="ApiResponse"/> into an MVC result, the same JSON as the local host.</summary>
internal static class ApiResults
{
    public static async Task<IActionResult> Run(HttpRequest request, Task<ApiResponse> call) => From(request, await call);

    public static IActionResult From(HttpRequest request, ApiResponse response)
    {
        if (response.Location is not null)
        {
            request.HttpContext.Response.Headers.Location = response.Location;
        }

        return new ContentResult
        {
            StatusCode = response.Status,
            ContentType = response.Status >= 400 ? "application/problem+json" : "application/json",
            Content = JsonSerializer.Serialize(response.Body, ApiJson.Options),
        };
    }
}
