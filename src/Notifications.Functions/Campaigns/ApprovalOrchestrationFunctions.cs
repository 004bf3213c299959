using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Notifications.Core.Approvals;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Approvals.Testing;

namespace Notifications.Functions.Campaigns;

/// <summary>The approval orchestration and its activities, handed to Core.</summary>
public sealed class ApprovalOrchestrationFunctions(
    CampaignPreparer preparer, ApprovalMailer mailer, TestPushPreparer tests, CampaignEventRecorder recorder, TestPushRecorder testRecorder)
{
    /// <summary>One campaign from request to send.</summary>
    [Function(ApprovalTaskNames.ApproveCampaign)]
    public static Task<ApprovalOutcome> ApproveCampaign([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ApproveCampaignOrchestrator().RunAsync(context, context.GetInput<string>()!);

    /// <summary>Runs the audience query into the draft batch file.</summary>
    [Function(ApprovalTaskNames.PrepareCampaign)]
    public Task<PreparedCampaign> PrepareCampaign([ActivityTrigger] string campaignId, CancellationToken cancellationToken) =>
        preparer.PrepareAsync(campaignId, cancellationToken);

    /// <summary>Emails one approver their links, once.</summary>
    [Function(ApprovalTaskNames.SendApproverEmail)]
    public Task<bool> SendApproverEmail([ActivityTrigger] ApproverEmailRequest input, CancellationToken cancellationToken) =>
        mailer.SendToApproverAsync(input, cancellationToken);

    /// <summary>Emails the requester what the approvers were asked.</summary>
    [Function(ApprovalTaskNames.SendRequesterCopy)]
    public async Task<bool> SendRequesterCopy([ActivityTrigger] ApprovalEmailRequest input, CancellationToken cancellationToken)
    {
        await mailer.SendRequesterCopyAsync(input, cancellationToken);
        return true;
    }

    /// <summary>Writes a test batch file for an approver's choice.</summary>
    [Function(ApprovalTaskNames.PrepareTestPush)]
    public Task<TestPushPlan> PrepareTestPush([ActivityTrigger] TestPushRequest input, CancellationToken cancellationToken) =>
        tests.PrepareAsync(input, cancellationToken);

    /// <summary>One test push: the send, then its outcome per device.</summary>
    [Function(ApprovalTaskNames.SendTestPush)]
    public static Task<TestPushResult> SendTestPush([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new SendTestPushOrchestrator().RunAsync(context, context.GetInput<TestPushPlan>()!);

    /// <summary>Records a finished test push's outcome per device.</summary>
    [Function(ApprovalTaskNames.RecordTestPush)]
    public Task<TestPushResult> RecordTestPush([ActivityTrigger] TestPushOutcomeRequest input, CancellationToken cancellationToken) =>
        testRecorder.RecordAsync(input, cancellationToken);

    /// <summary>Emails the requester an outcome.</summary>
    [Function(ApprovalTaskNames.NotifyRequester)]
    public async Task<bool> NotifyRequester([ActivityTrigger] RequesterNotice input, CancellationToken cancellationToken)
    {
        await mailer.NotifyRequesterAsync(input, cancellationToken);
        return true;
    }

    /// <summary>Stores a step of the flow.</summary>
    [Function(ApprovalTaskNames.RecordCampaignEvent)]
    public async Task<bool> RecordCampaignEvent([ActivityTrigger] CampaignEvent input, CancellationToken cancellationToken)
    {
        await recorder.RecordAsync(input, cancellationToken);
        return true;
    }
}
