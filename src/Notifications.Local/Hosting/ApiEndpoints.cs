using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Notifications.Core.Api;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Batches;
using Notifications.Core.Cohorts;
using Notifications.Core.Identity;

namespace Notifications.Local.Hosting;

/// <summary>
/// The same HTTP API as the Functions app, on the local host, with the same doors: the campaign form, pages and API
/// for signed-in people (here the development user, or an injected <c>X-MS-CLIENT-PRINCIPAL</c>), device registration
/// for app users with a token, the approval pages for link holders. Batch and cohort operations need no key on
/// loopback: the local host has one operator, and listens nowhere else.
/// </summary>
internal static class ApiEndpoints
{
    private const string LocalOperator = "local operator";

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", (HostReadiness readiness) => Run(Task.FromResult(readiness.Health())));
        app.MapPost("/api/devices/register", (HttpRequest request, DeviceApi api) =>
            Run(api.RegisterAsync(request.Headers.Authorization, Body(request), request.HttpContext.RequestAborted)));
        app.MapPost("/api/devices/unregister", (HttpRequest request, DeviceApi api) =>
            Run(api.UnregisterAsync(request.Headers.Authorization, Body(request), request.HttpContext.RequestAborted)));
        app.MapPost("/api/events", (HttpRequest request, OutcomeEventApi api) =>
            Run(api.RecordAsync(request.Headers.Authorization, Body(request), request.HttpContext.RequestAborted)));
        app.MapPost("/api/batches", (HttpRequest request, BatchApi api, DurableTaskClient client) =>
            Run(api.StartAsync(client, Body(request), request.HttpContext.RequestAborted)));
        app.MapGet("/api/batches", (HttpRequest request, BatchApi api) =>
            Run(api.ListAsync(name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted)));
        app.MapGet("/api/batches/{batchId}", (string batchId, HttpContext context, BatchApi api, DurableTaskClient client) =>
            Run(api.GetStatusAsync(client, batchId, context.RequestAborted)));
        app.MapPost("/api/batches/{batchId}/cancel", (string batchId, HttpContext context, BatchApi api, DurableTaskClient client) =>
            Run(api.CancelAsync(client, batchId, LocalOperator, context.RequestAborted)));
        app.MapPost("/api/batches/{batchId}/resume", (string batchId, HttpContext context, BatchApi api, DurableTaskClient client) =>
            Run(api.ResumeAsync(client, batchId, LocalOperator, context.RequestAborted)));

        app.MapPost("/api/campaigns", (HttpRequest request, CampaignApi api, CallerResolver callers, DurableTaskClient client) =>
            SignedIn(request, callers, caller =>
                api.SubmitAsync(client, caller, Body(request), request.Headers[CampaignApi.IdempotencyKeyHeader].FirstOrDefault(), request.HttpContext.RequestAborted)));
        app.MapGet("/api/campaigns", (HttpRequest request, CampaignApi api, CallerResolver callers) =>
            SignedIn(request, callers, _ => api.ListAsync(name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted)));
        app.MapGet("/api/campaigns/{id}", (string id, HttpRequest request, CampaignApi api, CallerResolver callers) =>
            SignedIn(request, callers, _ => api.GetAsync(id, request.HttpContext.RequestAborted)));
        app.MapPost("/api/campaigns/preview", (HttpRequest request, CampaignApi api, CallerResolver callers) =>
            SignedIn(request, callers, _ => api.PreviewAsync(Body(request), request.HttpContext.RequestAborted)));
        app.MapPost("/api/campaigns/{id}/cancel", (string id, HttpRequest request, CampaignApi api, CallerResolver callers, DurableTaskClient client) =>
            SignedIn(request, callers, caller => api.CancelAsync(client, caller, id, Body(request), request.HttpContext.RequestAborted)));
        app.MapPost("/api/campaigns/tests", (HttpRequest request, CampaignTestApi api, CallerResolver callers, DurableTaskClient client) =>
            SignedIn(request, callers, caller => api.SendAsync(client, caller, Body(request), request.HttpContext.RequestAborted)));
        app.MapGet("/api/campaigns/tests/{id}", (string id, HttpRequest request, CampaignTestApi api, CallerResolver callers) =>
            SignedIn(request, callers, caller => api.GetAsync(caller, id, request.HttpContext.RequestAborted)));
        app.MapGet("/api/campaigns/{id}/audit", (string id, HttpRequest request, CampaignApi api, CallerResolver callers) =>
            SignedIn(request, callers, _ => api.GetAuditAsync(id, request.HttpContext.RequestAborted)));
        app.MapGet("/api/cohorts", (CohortApi api) => Run(Task.FromResult(api.List())));
        app.MapPost("/api/cohorts/{id}/runs", (string id, HttpRequest request, CohortApi api, DurableTaskClient client) =>
            Run(api.RunAsync(client, id, Body(request), request.HttpContext.RequestAborted)));
        app.MapGet("/api/cohorts/{id}/runs", (string id, HttpRequest request, CohortApi api, DurableTaskClient client) =>
            Run(api.ListRunsAsync(client, id, name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted)));
        app.MapGet("/api/cohorts/{id}/readout", (string id, HttpRequest request, ReadoutApi api, DurableTaskClient client) =>
            Run(api.CohortAsync(client, id, name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted)));
        app.MapGet("/api/cohorts/{id}/runs/{date}", (string id, string date, HttpContext context, DurableTaskClient client) =>
            Run(CohortApi.GetRunAsync(client, id, date, context.RequestAborted)));
        app.MapGet("/", (HttpRequest request, CampaignPages pages, CallerResolver callers, DurableTaskClient client) =>
            SignedInPage(request, callers, _ => pages.HomeAsync(client, request.HttpContext.RequestAborted)));
        app.MapGet("/campaigns", (HttpRequest request, CampaignPages pages, CallerResolver callers) =>
            SignedInPage(request, callers, _ => pages.ListAsync(name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted)));
        app.MapGet("/batches", (HttpRequest request, BatchPages pages, CallerResolver callers) =>
            SignedInPage(request, callers, _ => pages.ListAsync(name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted)));
        app.MapGet("/cohorts/{id}", (string id, HttpRequest request, CohortPages pages, CallerResolver callers, DurableTaskClient client) =>
            SignedInPage(request, callers, _ => pages.CohortAsync(client, id, name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted)));
        app.MapGet("/campaigns/new", (HttpRequest request, CampaignPages pages, CallerResolver callers, HostReadiness readiness) =>
            SignedInPage(request, callers, caller => pages.FormAsync(caller, readiness, request.Query["from"].FirstOrDefault(), request.HttpContext.RequestAborted)));
        app.MapGet("/campaigns/{id}", (string id, HttpRequest request, CampaignPages pages, CallerResolver callers, DurableTaskClient client) =>
            SignedInPage(request, callers, caller => pages.StatusAsync(client, caller, id, request.HttpContext.RequestAborted)));
        app.MapGet("/batches/{batchId}", (string batchId, HttpRequest request, SendPage page, CallerResolver callers, DurableTaskClient client) =>
            SignedInPage(request, callers, _ => page.ShowAsync(client, batchId, request.HttpContext.RequestAborted)));
        app.MapGet("/approvals/{token}", async (string token, HttpContext context, ApprovalLinkEndpoint links) =>
            Html(await links.ShowAsync(token, context.Request.Query["test"].FirstOrDefault(), context.RequestAborted)));
        app.MapPost("/approvals/{token}", async (string token, HttpContext context, ApprovalLinkEndpoint links, DurableTaskClient client) =>
            Html(await links.ActAsync(client, token, context.Request.Headers.Origin.FirstOrDefault(),
                context.Request.Headers["Sec-Fetch-Site"].FirstOrDefault(), Body(context.Request), context.RequestAborted)));
        return app;
    }

    private static ApiBody Body(HttpRequest request) => new(request.ContentType, request.Body);

    private static Task<IResult> SignedIn(HttpRequest request, CallerResolver callers, Func<Caller, Task<ApiResponse>> call)
    {
        var (caller, problem) = callers.Resolve(name => request.Headers[name].FirstOrDefault());
        return Run(caller is null ? Task.FromResult(problem!) : call(caller));
    }

    private static async Task<IResult> SignedInPage(HttpRequest request, CallerResolver callers, Func<Caller, Task<HtmlResponse>> page)
    {
        var (caller, problem) = callers.Resolve(name => request.Headers[name].FirstOrDefault());
        return caller is null
            ? Html(HtmlResponse.ForProblem(problem!))
            : Html(await page(caller));
    }

    private static WithHeaders Html(HtmlResponse page) => new WithHeaders(Results.Content(page.Html, "text/html; charset=utf-8", statusCode: page.Status), page.Headers, null);

    /// <summary>Turns a host-neutral <see cref="ApiResponse"/> into an ASP.NET Core result.</summary>
    public static async Task<IResult> Run(Task<ApiResponse> call)
    {
        var response = await call.ConfigureAwait(false);
        var contentType = response.Status >= 400 ? "application/problem+json" : "application/json";
        return new WithHeaders(Results.Json(response.Body, ApiJson.Options, contentType, response.Status), SecurityHeaders.ForApi, response.Location);
    }

    private sealed class WithHeaders(IResult inner, IReadOnlyList<KeyValuePair<string, string>> headers, string? location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var (name, value) in headers)
            {
                httpContext.Response.Headers[name] = value;
            }

            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            return inner.ExecuteAsync(httpContext);
        }
    }
}
