using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Durable;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Emails the requester an outcome (<see cref="ApprovalMailer"/>).</summary>
[DurableTask(ApprovalTaskNames.NotifyRequester)]
public sealed class NotifyRequesterActivity(ApprovalMailer mailer, IHostApplicationLifetime? lifetime = null) : TaskActivity<RequesterNotice, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RequesterNotice input)
    {
        await mailer.NotifyRequesterAsync(input, ActivityCancellation.Of(lifetime));
        return true;
    }
}
