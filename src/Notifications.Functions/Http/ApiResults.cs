using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Notifications.Core.Api;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Identity;

namespace Notifications.Functions.Http;

/// <summary>Turns Core's host-neutral <see cref="ApiResponse"/> into an MVC result, the same JSON as the local host.</summary>
internal static class ApiResults
{
    public static async Task<IActionResult> Run(HttpRequest request, Task<ApiResponse> call) => From(request, await call);

    /// <summary>Runs <paramref name="call"/> for the signed-in caller, or answers the 401.</summary>
    public static Task<IActionResult> SignedIn(HttpRequest request, CallerResolver callers, Func<Caller, Task<ApiResponse>> call)
    {
        var (caller, problem) = callers.Resolve(name => request.Headers[name].FirstOrDefault());
        return Run(request, caller is null ? Task.FromResult(problem!) : call(caller));
    }

    /// <summary>A page, with its security headers.</summary>
    public static ContentResult Html(HttpRequest request, HtmlResponse page)
    {
        foreach (var (name, value) in page.Headers)
        {
            request.HttpContext.Response.Headers[name] = value;
        }

        return new ContentResult { StatusCode = page.Status, ContentType = "text/html; charset=utf-8", Content = page.Html };
    }

    /// <summary>A page for the signed-in caller, or a page saying why nobody is.</summary>
    public static async Task<IActionResult> SignedInPage(HttpRequest request, CallerResolver callers, Func<Caller, Task<HtmlResponse>> page)
    {
        var (caller, problem) = callers.Resolve(name => request.Headers[name].FirstOrDefault());
        return Html(request, caller is null ? HtmlResponse.ForProblem(problem!) : await page(caller));
    }

    public static ApiBody Body(HttpRequest request) => new(request.ContentType, request.Body);

    public static IActionResult From(HttpRequest request, ApiResponse response)
    {
        foreach (var (name, value) in SecurityHeaders.ForApi)
        {
            request.HttpContext.Response.Headers[name] = value;
        }

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
