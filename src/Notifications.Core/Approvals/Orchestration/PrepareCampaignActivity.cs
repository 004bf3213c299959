using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Durable;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Runs the audience query and writes the draft (<see cref="CampaignPreparer"/>).</summary>
[DurableTask(ApprovalTaskNames.PrepareCampaign)]
public sealed class PrepareCampaignActivity(CampaignPreparer preparer, IHostApplicationLifetime? lifetime = null) : TaskActivity<string, PreparedCampaign>
{
    /// <inheritdoc />
    public override Task<PreparedCampaign> RunAsync(TaskActivityContext context, string input) => preparer.PrepareAsync(input, ActivityCancellation.Of(lifetime));
}
