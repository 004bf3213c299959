using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Durable;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Stores a step of the flow (<see cref="CampaignEventRecorder"/>).</summary>
[DurableTask(ApprovalTaskNames.RecordCampaignEvent)]
public sealed class RecordCampaignEventActivity(CampaignEventRecorder recorder, IHostApplicationLifetime? lifetime = null) : TaskActivity<CampaignEvent, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, CampaignEvent input)
    {
        await recorder.RecordAsync(input, ActivityCancellation.Of(lifetime));
        return true;
    }
}
