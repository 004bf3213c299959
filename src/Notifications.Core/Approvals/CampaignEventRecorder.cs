using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Campaigns;

namespace Notifications.Core.Approvals;

/// <summary>Stores a step of the approval flow: the campaign's new state and its audit entry.</summary>
public sealed class CampaignEventRecorder
{
    private readonly CampaignStore _campaigns;
    private readonly CampaignAuditLog _audit;

    /// <summary>Creates the recorder.</summary>
    public CampaignEventRecorder(CampaignStore campaigns, CampaignAuditLog audit)
    {
        _campaigns = campaigns;
        _audit = audit;
    }

    /// <summary>Records <paramref name="step"/> (idempotent: its key names the audit row).</summary>
    public async Task RecordAsync(CampaignEvent step, CancellationToken cancellationToken = default)
    {
        await _campaigns.UpdateAsync(step.CampaignId, c => c with
        {
            Status = step.Status ?? c.Status,
            DecidedBy = step.DecidedBy ?? c.DecidedBy,
            BatchId = step.BatchId ?? c.BatchId,
            Users = step.Users ?? c.Users,
            Error = step.Error ?? c.Error,
        }, cancellationToken).ConfigureAwait(false);
        await _audit.AppendAsync(step.CampaignId, new AuditEntry(step.At, step.Actor, step.Action, step.Detail, step.LinkId), step.Key, cancellationToken).ConfigureAwait(false);
    }
}
