using Microsoft.DurableTask;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Runs the audience query and writes the draft (<see cref="CampaignPreparer"/>).</summary>
[DurableTask(ApprovalTaskNames.PrepareCampaign)]
public sealed class PrepareCampaignActivity(CampaignPreparer preparer) : TaskActivity<string, PreparedCampaign>
{
    /// <inheritdoc />
    public override Task<PreparedCampaign> RunAsync(TaskActivityContext context, string input) => preparer.PrepareAsync(input);
}
