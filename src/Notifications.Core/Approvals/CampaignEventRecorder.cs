using Microsoft.Extensions.Logging;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Diagnostics;

namespace Notifications.Core.Approvals;

/// <summary>Stores a step of the approval flow: the campaign's new state and its audit entry.</summary>
public sealed class CampaignEventRecorder
{
    private readonly CampaignStore _campaigns;
    private readonly CampaignAuditLog _audit;
    private readonly ILogger _logger;

    /// <summary>Creates the recorder; each step updates the campaign in <paramref name="campaigns"/> and appends its entry to <paramref name="audit"/>.</summary>
    public CampaignEventRecorder(CampaignStore campaigns, CampaignAuditLog audit, ILogger<CampaignEventRecorder> logger)
    {
        _campaigns = campaigns;
        _audit = audit;
        _logger = logger;
    }

    /// <summary>Records <paramref name="step"/> (idempotent: its key names the audit row).</summary>
    public async Task RecordAsync(CampaignEvent step, CancellationToken cancellationToken = default)
    {
        await _campaigns.UpdateAsync(step.CampaignId, c => c with
        {
            Status = step.Status ?? c.Status,
            DecidedBy = step.DecidedBy ?? c.DecidedBy,
            DecidedAt = step.DecidedBy is null ? c.DecidedAt : step.At,
            DecisionReason = step.Reason ?? c.DecisionReason,
            BatchId = step.BatchId ?? c.BatchId,
            Users = step.Users ?? c.Users,
            Error = step.Error ?? c.Error,
        }, cancellationToken).ConfigureAwait(false);
        await _audit.AppendAsync(step.CampaignId, new AuditEntry(step.At, step.Actor, step.Action, step.Detail, step.LinkId), step.Key, cancellationToken).ConfigureAwait(false);

        // The audit table is the record; the log line is what alerts query (actor and detail stay in the table).
        if (step.Action.EndsWith("-failed", StringComparison.Ordinal) || step.Status == CampaignStatus.Failed)
        {
            Log.CampaignStepFailed(_logger, step.CampaignId, step.Action);
        }
        else
        {
            Log.CampaignStep(_logger, step.CampaignId, step.Action, step.Status?.ToString() ?? "unchanged");
        }
    }
}
