using System.Security.Cryptography;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Devices;

namespace Notifications.Core.Campaigns;

/// <summary>Takes ad-hoc campaign requests: validates, stores, and starts one approval orchestration each.</summary>
public sealed class CampaignService
{
    private readonly CampaignStore _campaigns;
    private readonly CampaignAuditLog _audit;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public CampaignService(CampaignStore campaigns, CampaignAuditLog audit, TimeProvider time)
    {
        _campaigns = campaigns;
        _audit = audit;
        _time = time;
    }

    /// <summary>Submits a request; returns the stored campaign, or the field errors.</summary>
    public async Task<(Campaign? Campaign, Dictionary<string, string[]> Errors)> SubmitAsync(
        DurableTaskClient client, CampaignRequest request, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var errors = CampaignRequestValidator.Validate(request, now);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var campaign = new Campaign
        {
            Id = $"adhoc-{now:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}",
            Title = request.Title!.Trim(),
            AudienceQuery = request.AudienceQuery!.Trim(),
            Message = request.Message!,
            Platforms = request.Platforms!.Select(p => PlatformNames.TryParse(p, out var platform) ? platform : default).Distinct().ToList(),
            RequesterName = request.RequesterName!.Trim(),
            RequesterEmail = request.RequesterEmail!.Trim(),
            SendAfter = request.SendAfter,
            SubmittedAt = now,
            Status = CampaignStatus.Submitted,
        };
        await _campaigns.CreateAsync(campaign, cancellationToken).ConfigureAwait(false);
        await _audit.AppendAsync(campaign.Id, new AuditEntry(now, campaign.RequesterEmail, "submitted", $"requested by {campaign.RequesterName}: {campaign.Title}"),
            "submitted", cancellationToken).ConfigureAwait(false);
        await client.ScheduleNewOrchestrationInstanceAsync(ApprovalTaskNames.ApproveCampaign, campaign.Id, new StartOrchestrationOptions(campaign.Id), cancellationToken).ConfigureAwait(false);
        return (campaign, errors);
    }
}
