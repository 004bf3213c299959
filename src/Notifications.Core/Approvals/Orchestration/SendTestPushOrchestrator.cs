using Microsoft.DurableTask;
using Notifications.Core.Approvals.Testing;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>
/// One test push: its batch file through the same send as every campaign (explicit devices, transactional), then what
/// happened on each device into its result. An approver's test runs it as a sub-orchestration of the approval flow; a
/// requester's test from the form runs it on its own.
/// </summary>
[DurableTask(ApprovalTaskNames.SendTestPush)]
public sealed class SendTestPushOrchestrator : TaskOrchestrator<TestPushPlan, TestPushResult>
{
    /// <inheritdoc />
    public override async Task<TestPushResult> RunAsync(TaskOrchestrationContext context, TestPushPlan plan)
    {
        if (plan.Send is not { } send)
        {
            return plan.Result;
        }

        BatchSummary? summary = null;
        string? failure = null;
        try
        {
            summary = await context.CallSubOrchestratorAsync<BatchSummary>(BatchTaskNames.SendBatch, send,
                new SubOrchestrationOptions(instanceId: BatchInstanceIds.For(send)));
        }
        catch (TaskFailedException ex)
        {
            // The page must not wait forever, nor the campaign's flow fail, over a test: its result says what broke.
            failure = ex.FailureDetails.ErrorMessage;
        }

        return await context.CallActivityAsync<TestPushResult>(ApprovalTaskNames.RecordTestPush,
            new TestPushOutcomeRequest(plan.Result.Id, send, summary) { Failure = failure }, SendBatchOrchestrator.StorageRetry);
    }
}
