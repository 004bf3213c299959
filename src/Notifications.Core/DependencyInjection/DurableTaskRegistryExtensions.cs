using Microsoft.DurableTask;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Cohorts.Orchestration;

namespace Notifications.Core.DependencyInjection;

/// <summary>Registers every orchestrator and activity of Core with a durable worker (local host and tests).</summary>
public static class DurableTaskRegistryExtensions
{
    /// <summary>Adds the batch send, approval and cohort orchestrators and activities (names from their <see cref="DurableTaskAttribute"/>).</summary>
    public static DurableTaskRegistry AddNotificationsTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<SendBatchOrchestrator>();
        registry.AddOrchestrator<SendBatchShardOrchestrator>();
        registry.AddActivity<ScanBatchActivity>();
        registry.AddActivity<PlanShardActivity>();
        registry.AddActivity<ReleaseWaveActivity>();
        registry.AddActivity<SendChunkActivity>();
        registry.AddActivity<RecordBatchOutcomeActivity>();
        registry.AddActivity<RemoveInvalidTokensActivity>();
        registry.AddOrchestrator<ApproveCampaignOrchestrator>();
        registry.AddActivity<PrepareCampaignActivity>();
        registry.AddActivity<SendApproverEmailActivity>();
        registry.AddActivity<SendRequesterCopyActivity>();
        registry.AddActivity<PrepareTestPushActivity>();
        registry.AddOrchestrator<SendTestPushOrchestrator>();
        registry.AddActivity<RecordTestPushActivity>();
        registry.AddActivity<NotifyRequesterActivity>();
        registry.AddActivity<RecordCampaignEventActivity>();
        registry.AddOrchestrator<RunCohortOrchestrator>();
        registry.AddActivity<PrepareCohortActivity>();
        return registry;
    }
}
