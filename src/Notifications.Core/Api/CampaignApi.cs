using Microsoft.DurableTask.Client;
using Notifications.Core.Campaigns;

namespace Notifications.Core.Api;

/// <summary>The campaign endpoints: submit a request, read it with its audit trail.</summary>
public sealed class CampaignApi
{
    private readonly CampaignService _service;
    private readonly CampaignStore _campaigns;
    private readonly CampaignAuditLog _audit;

    /// <summary>Creates the API.</summary>
    public CampaignApi(CampaignService service, CampaignStore campaigns, CampaignAuditLog audit)
    {
        _service = service;
        _campaigns = campaigns;
        _audit = audit;
    }

    /// <summary><c>POST /api/campaigns</c>: 202 with the campaign (its id starts the approval flow), or 400 with field errors.</summary>
    public async Task<ApiResponse> SubmitAsync(DurableTaskClient client, Stream body, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiJson.ReadAsync<CampaignRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (campaign, errors) = await _service.SubmitAsync(client, request!, cancellationToken).ConfigureAwait(false);
        return campaign is null
            ? ApiResponse.ValidationProblem(errors, "The campaign request is invalid; see errors by field.")
            : new ApiResponse(202, campaign, $"/api/campaigns/{campaign.Id}");
    }

    /// <summary><c>GET /api/campaigns/{id}</c>.</summary>
    public async Task<ApiResponse> GetAsync(string id, CancellationToken cancellationToken) =>
        await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } campaign
            ? new ApiResponse(200, campaign)
            : ApiResponse.Problem(404, "No such campaign.", $"There is no campaign '{id}'.");

    /// <summary><c>GET /api/campaigns/{id}/audit</c>: who did what, when, from which link.</summary>
    public async Task<ApiResponse> GetAuditAsync(string id, CancellationToken cancellationToken)
    {
        if (await _campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return ApiResponse.Problem(404, "No such campaign.", $"There is no campaign '{id}'.");
        }

        return new ApiResponse(200, await _audit.ReadAsync(id, cancellationToken).ConfigureAwait(false));
    }
}
