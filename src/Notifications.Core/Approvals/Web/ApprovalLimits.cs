namespace Notifications.Core.Approvals.Web;

/// <summary>Bounds on what an approver types.</summary>
public static class ApprovalLimits
{
    /// <summary>The longest reject reason kept.</summary>
    public const int MaxReasonLength = 500;
}
