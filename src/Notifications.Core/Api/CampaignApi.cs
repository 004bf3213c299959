using Microsoft.DurableTask.Client;
using Notifications.Core.Audience;
using Notifications.Core.Batches;
using Notifications.Core.Campaigns;
using Notifications.Core.Identity;

namespace Notifications.Core.Api;

/// <summary>The campaign endpoints: submit a request, read it with its audit trail. Every caller is signed in.</summary>
public sealed class CampaignApi
{
    /// <summary>The header that makes a submit safe to repeat.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly CampaignService _service;
    private readonly CampaignStore _campaigns;
    private readonly CampaignAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly HostReadiness _readiness;

    /// <summary>Creates the API.</summary>
    public CampaignApi(CampaignService service, CampaignStore campaigns, CampaignAuditLog audit, TimeProvider time, HostReadiness readiness)
    {
        _readiness = readiness;
        _service = service;
        _campaigns = campaigns;
        _audit = audit;
        _time = time;
    }

    /// <summary>
    /// <c>POST /api/campaigns</c>: 202 with the campaign (its id starts the approval flow), 200 with the first campaign
    /// for a repeated <c>Idempotency-Key</c>, 400 with field errors, 409/422 when the key cannot be honoured.
    /// </summary>
    public async Task<ApiResponse> SubmitAsync(DurableTaskClient client, Caller requester, ApiBody body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && !CampaignService.IsValidIdempotencyKey(idempotencyKey))
        {
            return ApiResponse.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKeyHeader] = ["1-100 of letters, digits and ._:-"] });
        }

        if (_readiness.NotReadyBecause is { } starting)
        {
            // Nothing is read or stored: the same request submitted again once the host is ready is a first submit.
            return ApiResponse.Problem(503, "The host is still starting.", $"It is {starting}; submit again in a few seconds.");
        }

        var (request, problem) = await ApiJson.ReadAsync<CampaignRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        CampaignSubmission submitted;
        try
        {
            submitted = await _service.SubmitAsync(client, request!, requester, idempotencyKey, cancellationToken).ConfigureAwait(false);
        }
        catch (AudienceQueryException ex) when (ex.IsTransient)
        {
            // The engine could not say whether the query is valid: nothing was stored, so a retry is safe.
            return ApiResponse.Problem(503, "The audience engine is unavailable.", "The query could not be checked right now; submit again in a minute.");
        }

        return submitted switch
        {
            { Conflict: { } conflict } => ApiResponse.Problem(submitted.KeyReused ? 422 : 409, "The Idempotency-Key cannot be used.", conflict),
            { Campaign: { } campaign } => new ApiResponse(submitted.Repeated ? 200 : 202, campaign, $"/api/campaigns/{campaign.Id}"),
            _ => ApiResponse.ValidationProblem(new Dictionary<string, string[]>(submitted.Errors), "The campaign request is invalid; see errors by field."),
        };
    }

    /// <summary>
    /// <c>GET /api/campaigns?status=&amp;from=&amp;to=&amp;limit=&amp;before=</c>: a page of campaigns, newest first, with the
    /// next page's <c>before</c> in <c>older</c>; 400 naming the parameter that is wrong.
    /// </summary>
    public async Task<ApiResponse> ListAsync(Func<string, string?> query, CancellationToken cancellationToken)
    {
        var (list, errors) = CampaignListQuery.Parse(query, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        return list is null
            ? ApiResponse.ValidationProblem(errors, "The list query is invalid; see errors by parameter.")
            : new ApiResponse(200, await _campaigns.ListAsync(list, cancellationToken).ConfigureAwait(false));
    }

    /// <summary><c>GET /api/campaigns/{id}</c>.</summary>
    public async Task<ApiResponse> GetAsync(string id, CancellationToken cancellationToken) =>
        CampaignIds.IsValid(id) && await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } campaign
            ? new ApiResponse(200, campaign)
            : NoSuchCampaign();

    /// <summary><c>GET /api/campaigns/{id}/audit</c>: who did what, when, from which link.</summary>
    public async Task<ApiResponse> GetAuditAsync(string id, CancellationToken cancellationToken)
    {
        if (!CampaignIds.IsValid(id) || await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return NoSuchCampaign();
        }

        return new ApiResponse(200, await _audit.ReadAsync(id, cancellationToken).ConfigureAwait(false));
    }

    private static ApiResponse NoSuchCampaign() => ApiResponse.Problem(404, "No such campaign.", "There is no campaign with that id.");
}
