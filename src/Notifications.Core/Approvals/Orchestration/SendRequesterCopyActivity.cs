using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Durable;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Emails the requester what the approvers were asked (<see cref="ApprovalMailer.SendRequesterCopyAsync"/>).</summary>
[DurableTask(ApprovalTaskNames.SendRequesterCopy)]
public sealed class SendRequesterCopyActivity(ApprovalMailer mailer, IHostApplicationLifetime? lifetime = null) : TaskActivity<ApprovalEmailRequest, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ApprovalEmailRequest input)
    {
        await mailer.SendRequesterCopyAsync(input, ActivityCancellation.Of(lifetime));
        return true;
    }
}
