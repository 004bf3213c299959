using Microsoft.DurableTask;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Stores a step of the flow (<see cref="CampaignEventRecorder"/>).</summary>
[DurableTask(ApprovalTaskNames.RecordCampaignEvent)]
public sealed class RecordCampaignEventActivity(CampaignEventRecorder recorder) : TaskActivity<CampaignEvent, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, CampaignEvent input)
    {
        await recorder.RecordAsync(input);
        return true;
    }
}
