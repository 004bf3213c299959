using Microsoft.DurableTask;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Emails the approvers and the requester (<see cref="ApprovalMailer"/>).</summary>
[DurableTask(ApprovalTaskNames.SendApprovalEmails)]
public sealed class SendApprovalEmailsActivity(ApprovalMailer mailer) : TaskActivity<ApprovalEmailRequest, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ApprovalEmailRequest input)
    {
        await mailer.SendRequestsAsync(input);
        return true;
    }
}
