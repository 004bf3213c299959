using Microsoft.DurableTask;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Emails the requester what the approvers were asked (<see cref="ApprovalMailer.SendRequesterCopyAsync"/>).</summary>
[DurableTask(ApprovalTaskNames.SendRequesterCopy)]
public sealed class SendRequesterCopyActivity(ApprovalMailer mailer) : TaskActivity<ApprovalEmailRequest, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ApprovalEmailRequest input)
    {
        await mailer.SendRequesterCopyAsync(input);
        return true;
    }
}
