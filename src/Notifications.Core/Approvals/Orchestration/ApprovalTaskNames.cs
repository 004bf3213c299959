namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Names of the approval orchestration and its activities, the same in every host.</summary>
public static class ApprovalTaskNames
{
    /// <summary>The approval orchestrator (one instance per campaign; instance id = campaign id).</summary>
    public const string ApproveCampaign = "ApproveCampaign";

    /// <summary>Runs the audience query and writes the draft batch file.</summary>
    public const string PrepareCampaign = "PrepareCampaign";

    /// <summary>Emails one approver their signed links (once, whatever retries).</summary>
    public const string SendApproverEmail = "SendApproverEmail";

    /// <summary>Emails the requester a copy of what the approvers were asked.</summary>
    public const string SendRequesterCopy = "SendRequesterCopy";

    /// <summary>Writes a test batch file for the devices an approver chose.</summary>
    public const string PrepareTestPush = "PrepareTestPush";

    /// <summary>Sends a prepared test push and records what happened on each device (approvers' and requesters' tests).</summary>
    public const string SendTestPush = "SendTestPush";

    /// <summary>Records a finished test push's outcome per device.</summary>
    public const string RecordTestPush = "RecordTestPush";

    /// <summary>Emails the requester an outcome.</summary>
    public const string NotifyRequester = "NotifyRequester";

    /// <summary>Stores a status change and an audit entry.</summary>
    public const string RecordCampaignEvent = "RecordCampaignEvent";

    /// <summary>External event carrying an approver's decision.</summary>
    public const string DecisionEvent = "decision";
}
