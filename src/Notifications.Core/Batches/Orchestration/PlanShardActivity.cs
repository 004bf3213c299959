using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Durable;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>Plans one shard of a send (<see cref="ShardPlanner"/>).</summary>
[DurableTask(BatchTaskNames.PlanShard)]
public sealed class PlanShardActivity(ShardPlanner planner, IHostApplicationLifetime? lifetime = null) : TaskActivity<ShardInput, ShardPlan>
{
    /// <inheritdoc />
    public override Task<ShardPlan> RunAsync(TaskActivityContext context, ShardInput input) => planner.PlanAsync(input, ActivityCancellation.Of(lifetime));
}
