using Notifications.Core.Campaigns;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>A step of the approval flow to store: an optional status change and its audit entry.</summary>
public sealed record CampaignEvent
{
    /// <summary>The campaign the step is for: whose stored row changes and whose audit trail gets the entry.</summary>
    public required string CampaignId { get; init; }

    /// <summary>When (orchestration time).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who acted: a person's email, or <c>system</c> for the orchestration itself.</summary>
    public required string Actor { get; init; }

    /// <summary>What (audit action).</summary>
    public required string Action { get; init; }

    /// <summary>What happened, in words, as the audit trail on the campaign's page shows it.</summary>
    public required string Detail { get; init; }

    /// <summary>Stable key of this step, so a retried write lands on the same audit row.</summary>
    public required string Key { get; init; }

    /// <summary>The new status, if it changes.</summary>
    public CampaignStatus? Status { get; init; }

    /// <summary>The link it came from.</summary>
    public string? LinkId { get; init; }

    /// <summary>Who decided, on approve or reject.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Why, on reject (the approver's words).</summary>
    public string? Reason { get; init; }

    /// <summary>The batch send, once started.</summary>
    public string? BatchId { get; init; }

    /// <summary>The user count, once known.</summary>
    public long? Users { get; init; }

    /// <summary>The failure, when it failed.</summary>
    public string? Error { get; init; }
}
