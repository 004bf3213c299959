using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Approvals.Testing;

/// <summary>A prepared test push: its batch file (none when there is nothing to send) and its result so far.</summary>
/// <param name="Send">The test's batch file; null when the target has no device on the campaign's platforms.</param>
/// <param name="Result">The result so far: final already when nothing is sent.</param>
public sealed record TestPushPlan(BatchSendInput? Send, TestPushResult Result);
