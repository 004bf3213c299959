using Microsoft.DurableTask;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Emails the requester an outcome (<see cref="ApprovalMailer"/>).</summary>
[DurableTask(ApprovalTaskNames.NotifyRequester)]
public sealed class NotifyRequesterActivity(ApprovalMailer mailer) : TaskActivity<RequesterNotice, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RequesterNotice input)
    {
        await mailer.NotifyRequesterAsync(input);
        return true;
    }
}
