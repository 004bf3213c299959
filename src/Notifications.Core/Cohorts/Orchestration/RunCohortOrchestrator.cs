using Microsoft.DurableTask;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Cohorts.Orchestration;

/// <summary>
/// One cohort run: write the day's batch file from the cohort query (with the experiment's variants in its header),
/// then send it through the batch send, which assigns arms, holds back control and logs exposures. No approval:
/// the campaign was reviewed as code. The instance id is per cohort and day, so a run happens once.
/// </summary>
[DurableTask(CohortTaskNames.RunCohort)]
public sealed class RunCohortOrchestrator : TaskOrchestrator<CohortRun, CohortOutcome>
{
    /// <inheritdoc />
    public override async Task<CohortOutcome> RunAsync(TaskOrchestrationContext context, CohortRun input)
    {
        var logger = context.CreateReplaySafeLogger<RunCohortOrchestrator>();
        var prepared = await context.CallActivityAsync<CohortPrepared>(CohortTaskNames.PrepareCohort, input, SendBatchOrchestrator.StorageRetry);
        if (prepared.Error is not null)
        {
            Diagnostics.Log.CohortEnded(logger, context.InstanceId, "Failed", prepared.Users, 0);
            return new CohortOutcome(input.CohortId, input.Date, prepared.Users, null, prepared.Error);
        }

        if (prepared.Batch is null)
        {
            Diagnostics.Log.CohortEnded(logger, context.InstanceId, "NoUsers", 0, 0);
            return new CohortOutcome(input.CohortId, input.Date, 0, null, null);
        }

        var batch = prepared.Batch;

        // Whoever reads the run while its send is under way (the cohort page, the readout) can find the send by it.
        context.SetCustomStatus(BatchInstanceIds.For(batch));
        var summary = await context.CallSubOrchestratorAsync<BatchSummary>(BatchTaskNames.SendBatch, batch,
            new SubOrchestrationOptions(instanceId: BatchInstanceIds.For(batch)));
        Diagnostics.Log.CohortEnded(logger, context.InstanceId, summary.Outcome.ToString(), prepared.Users, summary.Counts.Sent);
        return new CohortOutcome(input.CohortId, input.Date, prepared.Users, summary, summary.Error);
    }
}
