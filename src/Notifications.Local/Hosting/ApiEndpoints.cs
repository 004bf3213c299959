using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Notifications.Core.Api;
using Notifications.Core.Approvals.Web;

namespace Notifications.Local.Hosting;

/// <summary>The same HTTP API as the Functions app, on the local host.</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));
        app.MapPost("/api/devices/register", (HttpRequest request, DeviceApi api) => Run(api.RegisterAsync(request.Body, request.HttpContext.RequestAborted)));
        app.MapPost("/api/devices/unregister", (HttpRequest request, DeviceApi api) => Run(api.UnregisterAsync(request.Body, request.HttpContext.RequestAborted)));
        app.MapPost("/api/batches", (HttpRequest request, BatchApi api, DurableTaskClient client) =>
            Run(api.StartAsync(client, request.Body, request.HttpContext.RequestAborted)));
        app.MapGet("/api/batches/{batchId}", (string batchId, HttpContext context, BatchApi api, DurableTaskClient client) =>
            Run(api.GetStatusAsync(client, batchId, context.RequestAborted)));
        app.MapPost("/api/batches/{batchId}/cancel", (string batchId, HttpContext context, BatchApi api, DurableTaskClient client) =>
            Run(api.CancelAsync(client, batchId, "local operator", context.RequestAborted)));
        app.MapPost("/api/batches/{batchId}/resume", (string batchId, HttpContext context, BatchApi api, DurableTaskClient client) =>
            Run(api.ResumeAsync(client, batchId, "local operator", context.RequestAborted)));

        app.MapPost("/api/campaigns", (HttpRequest request, CampaignApi api, DurableTaskClient client) =>
            Run(api.SubmitAsync(client, request.Body, request.HttpContext.RequestAborted)));
        app.MapGet("/api/campaigns/{id}", (string id, HttpContext context, CampaignApi api) => Run(api.GetAsync(id, context.RequestAborted)));
        app.MapGet("/api/campaigns/{id}/audit", (string id, HttpContext context, CampaignApi api) => Run(api.GetAuditAsync(id, context.RequestAborted)));
        app.MapGet("/api/cohorts", (CohortApi api) => Run(Task.FromResult(api.List())));
        app.MapPost("/api/cohorts/{id}/runs", (string id, HttpRequest request, CohortApi api, DurableTaskClient client) =>
            Run(api.RunAsync(client, id, request.Body, request.HttpContext.RequestAborted)));
        app.MapGet("/api/cohorts/{id}/runs/{date}", (string id, string date, HttpContext context, DurableTaskClient client) =>
            Run(CohortApi.GetRunAsync(client, id, date, context.RequestAborted)));
        app.MapGet("/campaigns/new", () => Html(CampaignPages.Form()));
        app.MapGet("/campaigns/{id}", async (string id, HttpContext context, CampaignPages pages, DurableTaskClient client) =>
            Html(await pages.StatusAsync(client, id, context.RequestAborted)));
        app.MapGet("/approvals/{token}", async (string token, HttpContext context, ApprovalLinkEndpoint links) =>
            Html(await links.ShowAsync(token, context.RequestAborted)));
        app.MapPost("/approvals/{token}", async (string token, HttpContext context, ApprovalLinkEndpoint links, DurableTaskClient client) =>
            Html(await links.ActAsync(client, token, context.RequestAborted)));
        return app;
    }

    private static IResult Html(HtmlResponse page) => Results.Content(page.Html, "text/html; charset=utf-8", statusCode: page.Status);

    /// <summary>Turns a host-neutral <see cref="ApiResponse"/> into an ASP.NET Core result.</summary>
    public static async Task<IResult> Run(Task<ApiResponse> call)
    {
        var response = await call.ConfigureAwait(false);
        var contentType = response.Status >= 400 ? "application/problem+json" : "application/json";
        var result = Results.Json(response.Body, ApiJson.Options, contentType, response.Status);
        return response.Location is null ? result : new WithLocation(result, response.Location);
    }

    private sealed class WithLocation(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
