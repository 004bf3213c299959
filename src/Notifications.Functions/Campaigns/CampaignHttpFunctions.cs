using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Notifications.Core.Api;
using Notifications.Core.Approvals.Web;
using Notifications.Functions.Http;

namespace Notifications.Functions.Campaigns;

/// <summary>
/// The request form and campaign API (behind App Service authentication in Azure), and the approval links
/// (anonymous: the signed link is the credential, bound to one approver, expiring, single-use).
/// </summary>
public sealed class CampaignHttpFunctions(CampaignApi api, CampaignPages pages, ApprovalLinkEndpoint links)
{
    /// <summary><c>POST /api/campaigns</c>.</summary>
    [Function("SubmitCampaign")]
    public Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.Run(request, api.SubmitAsync(client, request.Body, request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/campaigns/{id}</c>.</summary>
    [Function("GetCampaign")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{id}")] HttpRequest request, string id) =>
        ApiResults.Run(request, api.GetAsync(id, request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/campaigns/{id}/audit</c>.</summary>
    [Function("GetCampaignAudit")]
    public Task<IActionResult> Audit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{id}/audit")] HttpRequest request, string id) =>
        ApiResults.Run(request, api.GetAuditAsync(id, request.HttpContext.RequestAborted));

    /// <summary><c>GET /campaigns/new</c>: the request form.</summary>
    [Function("CampaignForm")]
    public static IActionResult Form([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/new")] HttpRequest request) =>
        Html(CampaignPages.Form());

    /// <summary><c>GET /campaigns/{id}</c>: a campaign's status and audit trail.</summary>
    [Function("CampaignPage")]
    public async Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        Html(await pages.StatusAsync(client, id, request.HttpContext.RequestAborted));

    /// <summary><c>GET /approvals/{token}</c>: the confirmation page; never acts.</summary>
    [Function("ShowApprovalLink")]
    public async Task<IActionResult> ShowLink([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "approvals/{token}")] HttpRequest request, string token) =>
        Html(await links.ShowAsync(token, request.HttpContext.RequestAborted));

    /// <summary><c>POST /approvals/{token}</c>: acts on the link.</summary>
    [Function("UseApprovalLink")]
    public async Task<IActionResult> UseLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "approvals/{token}")] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        Html(await links.ActAsync(client, token, request.HttpContext.RequestAborted));

    private static ContentResult Html(HtmlResponse page) => new() { StatusCode = page.Status, ContentType = "text/html; charset=utf-8", Content = page.Html };
}
