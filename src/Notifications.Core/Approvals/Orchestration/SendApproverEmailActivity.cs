using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Durable;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Emails one approver their signed links (<see cref="ApprovalMailer.SendToApproverAsync"/>), once.</summary>
[DurableTask(ApprovalTaskNames.SendApproverEmail)]
public sealed class SendApproverEmailActivity(ApprovalMailer mailer, IHostApplicationLifetime? lifetime = null) : TaskActivity<ApproverEmailRequest, bool>
{
    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, ApproverEmailRequest input) => mailer.SendToApproverAsync(input, ActivityCancellation.Of(lifetime));
}
