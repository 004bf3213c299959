using Microsoft.DurableTask;
using Notifications.Core.Batches.Planning;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Plans one shard of a send (<see cref="ShardPlanner"/>).</summary>
[DurableTask(BatchTaskNames.PlanShard)]
public sealed class PlanShardActivity(ShardPlanner planner) : TaskActivity<ShardInput, ShardPlan>
{
    /// <inheritdoc />
    public override Task<ShardPlan> RunAsync(TaskActivityContext context, ShardInput input) => planner.PlanAsync(input);
}
