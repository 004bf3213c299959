using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Durable;

namespace Notifications.Core.Cohorts.Orchestration;

/// <summary>Runs the cohort query for the run date into the run's batch file (created once).</summary>
[DurableTask(CohortTaskNames.PrepareCohort)]
public sealed class PrepareCohortActivity(CohortPreparer preparer, IHostApplicationLifetime? lifetime = null) : TaskActivity<CohortRun, CohortPrepared>
{
    /// <inheritdoc />
    public override Task<CohortPrepared> RunAsync(TaskActivityContext context, CohortRun input) => preparer.PrepareAsync(input, ActivityCancellation.Of(lifetime));
}
