using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Notifications.Core.Api;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Identity;
using Notifications.Functions.Http;

namespace Notifications.Functions.Campaigns;

/// <summary>
/// The request form, campaign pages and campaign API: App Service Authentication (Entra ID) signs people in in front
/// of them (infra/modules/functionapp.bicep), and the requester is the principal it injects, never a form field. The
/// approval links are anonymous at both layers: the signed link is the credential, bound to one approver, expiring,
/// single-use.
/// </summary>
public sealed class CampaignHttpFunctions(CampaignApi api, CampaignPages pages, ApprovalLinkEndpoint links, CallerResolver callers, HostReadiness readiness, Notifications.Core.Cohorts.CohortPages cohortPages,
    SendPage sendPage, CampaignTestApi tests)
{
    /// <summary><c>POST /api/campaigns/tests</c>: a test push of one form of the request, from the form, before submitting.</summary>
    [Function("SendCampaignTest")]
    public Task<IActionResult> SendTest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/tests")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.SignedIn(request, callers, caller => tests.SendAsync(client, caller, ApiResults.Body(request), request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/campaigns/tests/{id}</c>: a form test's result per device, for the person who sent it.</summary>
    [Function("GetCampaignTest")]
    public Task<IActionResult> GetTest([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/tests/{id}")] HttpRequest request, string id) =>
        ApiResults.SignedIn(request, callers, caller => tests.GetAsync(caller, id, request.HttpContext.RequestAborted));

    /// <summary><c>POST /api/campaigns</c>.</summary>
    [Function("SubmitCampaign")]
    public Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.SignedIn(request, callers, caller => api.SubmitAsync(
            client, caller, ApiResults.Body(request), request.Headers[CampaignApi.IdempotencyKeyHeader].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/campaigns</c>: a page of campaigns, newest first.</summary>
    [Function("ListCampaigns")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns")] HttpRequest request) =>
        ApiResults.SignedIn(request, callers, _ => api.ListAsync(name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/campaigns/{id}</c>.</summary>
    [Function("GetCampaign")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{id}")] HttpRequest request, string id) =>
        ApiResults.SignedIn(request, callers, _ => api.GetAsync(id, request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/campaigns/{id}/audit</c>.</summary>
    [Function("GetCampaignAudit")]
    public Task<IActionResult> Audit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{id}/audit")] HttpRequest request, string id) =>
        ApiResults.SignedIn(request, callers, _ => api.GetAuditAsync(id, request.HttpContext.RequestAborted));

    /// <summary><c>POST /api/campaigns/preview</c>: whom a query reaches, before submitting.</summary>
    [Function("PreviewAudience")]
    public Task<IActionResult> Preview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/preview")] HttpRequest request) =>
        ApiResults.SignedIn(request, callers, _ => api.PreviewAsync(ApiResults.Body(request), request.HttpContext.RequestAborted));

    /// <summary><c>POST /api/campaigns/{id}/cancel</c>: the requester or an approver withdraws it.</summary>
    [Function("CancelCampaign")]
    public Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{id}/cancel")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.SignedIn(request, callers, caller => api.CancelAsync(client, caller, id, ApiResults.Body(request), request.HttpContext.RequestAborted));

    /// <summary>
    /// <c>GET /</c>: what sends now, what waits for approval, recent campaigns. The optional empty segment is how a
    /// Functions route matches the site root (an empty route is refused).
    /// </summary>
    [Function("HomePage")]
    public Task<IActionResult> Home(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{root:maxlength(0)?}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.SignedInPage(request, callers, _ => pages.HomeAsync(client, request.HttpContext.RequestAborted));

    /// <summary><c>GET /campaigns</c>: the campaign list with filters.</summary>
    [Function("CampaignList")]
    public Task<IActionResult> ListPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns")] HttpRequest request) =>
        ApiResults.SignedInPage(request, callers, _ => pages.ListAsync(name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary><c>GET /cohorts/{id}</c>: a cohort's schedule, arms and runs with per-arm counts.</summary>
    [Function("CohortPage")]
    public Task<IActionResult> Cohort(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cohorts/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.SignedInPage(request, callers, _ => cohortPages.CohortAsync(client, id, name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary><c>GET /campaigns/new</c>: the request form.</summary>
    [Function("CampaignForm")]
    public Task<IActionResult> Form([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/new")] HttpRequest request) =>
        ApiResults.SignedInPage(request, callers, caller => pages.FormAsync(caller, readiness, request.Query["from"].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary><c>GET /campaigns/{id}</c>: a campaign's status and audit trail.</summary>
    [Function("CampaignPage")]
    public Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.SignedInPage(request, callers, caller => pages.StatusAsync(client, caller, id, request.HttpContext.RequestAborted));

    /// <summary><c>GET /batches/{id}</c>: a send's own page, live, with its outcomes per platform and per arm.</summary>
    [Function("SendPage")]
    public Task<IActionResult> Send(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "batches/{batchId}")] HttpRequest request, string batchId,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.SignedInPage(request, callers, _ => sendPage.ShowAsync(client, batchId, request.HttpContext.RequestAborted));

    /// <summary><c>GET /approvals/{token}</c>: the confirmation page; never acts.</summary>
    [Function("ShowApprovalLink")]
    public async Task<IActionResult> ShowLink([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "approvals/{token}")] HttpRequest request, string token) =>
        ApiResults.Html(request, await links.ShowAsync(token, request.Query["test"].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary><c>POST /approvals/{token}</c>: acts on the link, when posted from its own page.</summary>
    [Function("UseApprovalLink")]
    public async Task<IActionResult> UseLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "approvals/{token}")] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.Html(request, await links.ActAsync(
            client, token, request.Headers.Origin.FirstOrDefault(), request.Headers["Sec-Fetch-Site"].FirstOrDefault(), ApiResults.Body(request),
            request.HttpContext.RequestAborted));
}
