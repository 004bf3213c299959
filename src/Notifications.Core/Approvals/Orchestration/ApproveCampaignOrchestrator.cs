using Microsoft.DurableTask;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Campaigns;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>
/// One ad-hoc campaign from request to send: run the audience query and write the draft batch file, email the
/// requester and the approvers, then wait for a decision with a durable timer for the links' expiry. Test events
/// send the proposed push to that approver's devices (through the batch send, as explicit devices) and keep
/// waiting; approve sends the draft (after its send-after time) exactly as approved; reject or expiry ends it.
/// The requester hears of every outcome, and every step lands in the audit trail.
/// </summary>
[DurableTask(ApprovalTaskNames.ApproveCampaign)]
public sealed class ApproveCampaignOrchestrator : TaskOrchestrator<string, ApprovalOutcome>
{
    /// <summary>
    /// Emails: retried with backoff for what may pass (a provider outage), never for a permanent refusal (an address
    /// the provider will not take): retrying that only repeats the failure.
    /// </summary>
    internal static readonly TaskOptions EmailRetry = TaskOptions.FromRetryHandler(async retry =>
    {
        if (retry.LastAttemptNumber >= 4 || IsPermanentEmailFailure(retry.LastFailure))
        {
            return false;
        }

        await retry.OrchestrationContext.CreateTimer(TimeSpan.FromSeconds(5 * Math.Pow(2, retry.LastAttemptNumber - 1)), CancellationToken.None);
        return true;
    });

    /// <inheritdoc />
    public override async Task<ApprovalOutcome> RunAsync(TaskOrchestrationContext context, string campaignId)
    {
        var step = 0;
        Task Record(string actor, string action, string detail, CampaignStatus? status = null, string? linkId = null, string? decidedBy = null,
            string? batchId = null, long? users = null, string? error = null, string? reason = null) =>
            context.CallActivityAsync(ApprovalTaskNames.RecordCampaignEvent, new CampaignEvent
            {
                CampaignId = campaignId, At = context.CurrentUtcDateTime, Actor = actor, Action = action, Detail = detail,
                Key = $"step{++step:D3}", Status = status, LinkId = linkId, DecidedBy = decidedBy, BatchId = batchId, Users = users, Error = error,
                Reason = reason,
            }, SendBatchOrchestrator.StorageRetry);

        async Task<ApprovalOutcome> EndAsync(CampaignStatus status, string detail, BatchSummary? summary = null)
        {
            try
            {
                await context.CallActivityAsync(ApprovalTaskNames.NotifyRequester, new RequesterNotice(campaignId, status, detail, summary), SendBatchOrchestrator.StorageRetry);
            }
            catch (TaskFailedException ex)
            {
                // The outcome stands whether or not the requester's email goes out; the trail says it did not.
                await Record("system", "requester-notice-failed", ex.FailureDetails.ErrorMessage);
            }

            return new ApprovalOutcome(campaignId, status, summary);
        }

        async Task<ApprovalOutcome> CancelledAsync(string by, string when)
        {
            await Record(by, "cancelled", $"cancelled by {by} {when}; nothing was sent", CampaignStatus.Cancelled);
            return await EndAsync(CampaignStatus.Cancelled, $"cancelled by {by}");
        }

        var prepared = await context.CallActivityAsync<PreparedCampaign>(ApprovalTaskNames.PrepareCampaign, campaignId, SendBatchOrchestrator.StorageRetry);
        if (prepared.Error is not null)
        {
            await Record("system", "query-failed", prepared.Error, CampaignStatus.Failed, error: prepared.Error);
            return await EndAsync(CampaignStatus.Failed, prepared.Error);
        }

        // The status moves first: a link is only honoured while the campaign awaits approval, and an approver can
        // click the moment the email lands.
        var expiresAt = context.CurrentUtcDateTime.AddSeconds(prepared.LinkLifetimeSeconds);
        await Record("system", "approval-requested",
            $"{prepared.Users} users selected; approval requested from {string.Join(", ", prepared.Approvers)} until {expiresAt:yyyy-MM-dd HH:mm} UTC",
            CampaignStatus.AwaitingApproval, users: prepared.Users);
        // One step per approver, each sent once (the mailer's marker). If any approver cannot be emailed, the request
        // fails: the links already sent die with the status change (a link only works while the campaign awaits
        // approval), so nobody holds a live link to a request that is not fully asked.
        var emails = prepared.Approvers.Select(async approver =>
        {
            try
            {
                await context.CallActivityAsync(ApprovalTaskNames.SendApproverEmail,
                    new ApproverEmailRequest(campaignId, prepared.Users, approver, new DateTimeOffset(expiresAt, TimeSpan.Zero)), EmailRetry);
                return null;
            }
            catch (TaskFailedException ex)
            {
                return $"the approval email to {approver} could not be sent: {ex.FailureDetails.ErrorMessage}";
            }
        }).ToList();
        var failures = (await Task.WhenAll(emails)).Where(f => f is not null).ToList();
        if (failures.Count > 0)
        {
            var error = string.Join("; ", failures) + "; every approval link of this request is revoked";
            await Record("system", "approval-email-failed", error, CampaignStatus.Failed, error: error);
            return await EndAsync(CampaignStatus.Failed, error);
        }

        try
        {
            await context.CallActivityAsync(ApprovalTaskNames.SendRequesterCopy,
                new ApprovalEmailRequest(campaignId, prepared.Users, prepared.Approvers, new DateTimeOffset(expiresAt, TimeSpan.Zero)), EmailRetry);
        }
        catch (TaskFailedException ex)
        {
            // The approvers have their links; the requester's copy is a courtesy and the trail says it is missing.
            await Record("system", "requester-copy-failed", ex.FailureDetails.ErrorMessage);
        }

        using var expiry = new CancellationTokenSource();
        var timer = context.CreateTimer(expiresAt, expiry.Token);
        var tests = 0;
        var testsBy = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var decisionTask = context.WaitForExternalEvent<ApprovalDecision>(ApprovalTaskNames.DecisionEvent);
            if (await Task.WhenAny(decisionTask, timer) == timer)
            {
                await Record("system", "expired", "no decision before the approval links expired", CampaignStatus.Expired);
                return await EndAsync(CampaignStatus.Expired, "no approver decided before the links expired");
            }

            var decision = decisionTask.Result;
            if (decision.Action == ApprovalAction.Cancel)
            {
                if (!MayCancel(prepared, decision))
                {
                    await Record(decision.Approver, "cancel-refused", "cancel refused: neither the requester nor an approver of this request");
                    continue;
                }

                CancelTimer(expiry);
                return await CancelledAsync(decision.Approver, "before a decision");
            }

            if (!prepared.Approvers.Contains(decision.Approver, StringComparer.OrdinalIgnoreCase))
            {
                // The link endpoint checks this too; the approver list of the request is what counts.
                await Record(decision.Approver, "decision-refused", $"{decision.Action} refused: not an approver of this request", linkId: decision.LinkId);
                continue;
            }

            switch (decision.Action)
            {
                case ApprovalAction.Test:
                    testsBy[decision.Approver] = testsBy.GetValueOrDefault(decision.Approver) + 1;
                    if (prepared.MaxTestSendsPerApprover > 0 && testsBy[decision.Approver] > prepared.MaxTestSendsPerApprover)
                    {
                        // The link endpoint counts too; this holds for a test event that did not come through it.
                        await Record(decision.Approver, "test-refused", $"test send limit ({prepared.MaxTestSendsPerApprover}) reached", linkId: decision.LinkId);
                        continue;
                    }

                    tests++;
                    try
                    {
                        var test = await TestAsync(context, campaignId, decision, tests);
                        await Record(decision.Approver, test.NotSentBecause is null ? "test-sent" : "test-not-sent", test.Summary, linkId: decision.LinkId);
                    }
                    catch (TaskFailedException ex)
                    {
                        // A test that cannot be prepared or recorded is the approver's to retry; the request still waits.
                        await Record(decision.Approver, "test-failed", $"test push {tests} failed: {ex.FailureDetails.ErrorMessage}", linkId: decision.LinkId);
                    }

                    continue;

                case ApprovalAction.Reject:
                    CancelTimer(expiry);
                    var because = decision.Reason is { Length: > 0 } reason ? $": {reason}" : " (no reason given)";
                    await Record(decision.Approver, "rejected", "rejected" + because, CampaignStatus.Rejected, decision.LinkId, decision.Approver, reason: decision.Reason);
                    return await EndAsync(CampaignStatus.Rejected, $"rejected by {decision.Approver}{because}");

                case ApprovalAction.Approve when prepared.Digest is { } digest && !string.Equals(decision.Digest, digest, StringComparison.Ordinal):
                    // The page posts the digest of what it showed; the link endpoint refuses a stale one before it claims
                    // the decision, so reaching here means something else raised the event. Nothing is sent on it.
                    CancelTimer(expiry);
                    var mismatch = $"approval refused: it covers {(decision.Digest is null ? "no digest" : Review.ApprovalDigest.Abbreviated(decision.Digest))}, "
                        + $"the prepared campaign is {Review.ApprovalDigest.Abbreviated(digest)}; nothing was sent";
                    await Record(decision.Approver, "approval-mismatch", mismatch, CampaignStatus.Failed, decision.LinkId, error: mismatch);
                    return await EndAsync(CampaignStatus.Failed, mismatch);

                case ApprovalAction.Approve:
                    CancelTimer(expiry);
                    var later = prepared.SendAfter is { } after && after.UtcDateTime > context.CurrentUtcDateTime;
                    var batchId = BatchInstanceIds.For(prepared.Draft!);
                    // The send's id is stored with the status that says it is sending, so a cancel that reads the
                    // campaign can always reach the send.
                    await Record(decision.Approver, "approved", later ? $"approved; sends at {prepared.SendAfter:yyyy-MM-dd HH:mm} UTC" : "approved",
                        later ? CampaignStatus.Scheduled : CampaignStatus.Sending, decision.LinkId, decision.Approver, batchId: later ? null : batchId);
                    if (later && await WaitForSendTimeAsync(context, prepared) is { } cancelledBy)
                    {
                        return await CancelledAsync(cancelledBy, "before its send time");
                    }

                    await Record("system", "sending", "the send started; its progress is on this page", CampaignStatus.Sending, batchId: batchId);
                    var summary = await context.CallSubOrchestratorAsync<BatchSummary>(BatchTaskNames.SendBatch, prepared.Draft,
                        new SubOrchestrationOptions(instanceId: batchId));
                    var sent = summary.Outcome is BatchOutcome.Completed or BatchOutcome.CompletedWithFailures;
                    var status = sent ? CampaignStatus.Sent : summary.Outcome == BatchOutcome.Cancelled ? CampaignStatus.Cancelled : CampaignStatus.Failed;
                    await Record("system", status switch { CampaignStatus.Sent => "sent", CampaignStatus.Cancelled => "send-cancelled", _ => "send-failed" },
                        $"{summary.Outcome}: sent {summary.Counts.Sent}, invalid {summary.Counts.Invalid}, failed {summary.Counts.Failed + summary.Counts.Rejected} of {summary.Devices} devices"
                        + (summary.Capped > 0 ? $"; {summary.Capped} users over the frequency cap skipped" : string.Empty),
                        status, error: summary.Error);
                    return await EndAsync(status, $"approved by {decision.Approver}", summary);

                default:
                    throw new InvalidOperationException($"unknown approval action {decision.Action}");
            }
        }
    }

    /// <summary>The requester may withdraw their own request; any approver of it may stop it too (compared by object id where known).</summary>
    private static bool MayCancel(PreparedCampaign prepared, ApprovalDecision decision) =>
        Identity.People.Same(decision.Approver, decision.ApproverObjectId, prepared.Requester, prepared.RequesterObjectId)
        || prepared.Approvers.Select((email, i) => (email, id: i < prepared.ApproverObjectIds.Count ? prepared.ApproverObjectIds[i] : null))
            .Any(a => Identity.People.Same(decision.Approver, decision.ApproverObjectId, a.email, a.id));

    /// <summary>
    /// An approver's test push: the chosen form, to the chosen devices, through the same send as the campaign; returns
    /// what happened on each device (or why nothing was sent), which the test page shows and the audit trail records.
    /// </summary>
    private static async Task<Testing.TestPushResult> TestAsync(TaskOrchestrationContext context, string campaignId, ApprovalDecision decision, int sequence)
    {
        var plan = await context.CallActivityAsync<Testing.TestPushPlan>(ApprovalTaskNames.PrepareTestPush,
            new TestPushRequest(campaignId, decision.Approver, sequence)
            {
                Choice = decision.Test, ResultId = decision.TestId, ApproverObjectId = decision.ApproverObjectId, At = context.CurrentUtcDateTime,
            }, SendBatchOrchestrator.StorageRetry);
        return plan.Send is null
            ? plan.Result
            : await context.CallSubOrchestratorAsync<Testing.TestPushResult>(ApprovalTaskNames.SendTestPush, plan,
                new SubOrchestrationOptions(instanceId: $"{campaignId}:test:{sequence:D3}"));
    }

    /// <summary>
    /// Waits for an approved campaign's send-after time; a cancel from someone allowed to cancel ends the wait early
    /// (returns who); any other event is ignored, since the decision is already made.
    /// </summary>
    private static async Task<string?> WaitForSendTimeAsync(TaskOrchestrationContext context, PreparedCampaign prepared)
    {
        using var sendTime = new CancellationTokenSource();
        var timer = context.CreateTimer(prepared.SendAfter!.Value.UtcDateTime, sendTime.Token);
        while (true)
        {
            var decisionTask = context.WaitForExternalEvent<ApprovalDecision>(ApprovalTaskNames.DecisionEvent);
            if (await Task.WhenAny(decisionTask, timer) == timer)
            {
                return null;
            }

            if (decisionTask.Result is { Action: ApprovalAction.Cancel } cancel && MayCancel(prepared, cancel))
            {
                CancelTimer(sendTime);
                return cancel.Approver;
            }
        }
    }

    // ProviderException says "permanent" in its message: that is what crosses the activity boundary.
    private static bool IsPermanentEmailFailure(TaskFailureDetails failure) =>
        failure.IsCausedBy<Email.EmailException>() && failure.ErrorMessage.EndsWith(", permanent)", StringComparison.Ordinal);

    // CancelAsync runs the timer's cancellation callback on the thread pool, outside the orchestration's
    // single-threaded scheduler: the cancel never reaches the history and the instance hangs. Cancel() runs it inline.
#pragma warning disable CA1849 // Call async methods when in an async method
    private static void CancelTimer(CancellationTokenSource timer) => timer.Cancel();
#pragma warning restore CA1849
}
