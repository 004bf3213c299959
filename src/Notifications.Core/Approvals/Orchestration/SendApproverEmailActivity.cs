using Microsoft.DurableTask;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Emails one approver their signed links (<see cref="ApprovalMailer.SendToApproverAsync"/>), once.</summary>
[DurableTask(ApprovalTaskNames.SendApproverEmail)]
public sealed class SendApproverEmailActivity(ApprovalMailer mailer) : TaskActivity<ApproverEmailRequest, bool>
{
    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, ApproverEmailRequest input) => mailer.SendToApproverAsync(input);
}
