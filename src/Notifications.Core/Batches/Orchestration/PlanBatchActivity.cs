using Microsoft.DurableTask;
using Notifications.Core.Batches.Planning;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Plans a send (<see cref="BatchPlanner"/>).</summary>
[DurableTask(BatchTaskNames.PlanBatch)]
public sealed class PlanBatchActivity(BatchPlanner planner) : TaskActivity<PlanRequest, PlanResult>
{
    /// <inheritdoc />
    public override Task<PlanResult> RunAsync(TaskActivityContext context, PlanRequest input) => planner.PlanAsync(input);
}
