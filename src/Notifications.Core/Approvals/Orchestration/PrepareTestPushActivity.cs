using Microsoft.DurableTask;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Writes a test batch file for an approver (<see cref="TestPushPreparer"/>).</summary>
[DurableTask(ApprovalTaskNames.PrepareTestPush)]
public sealed class PrepareTestPushActivity(TestPushPreparer preparer) : TaskActivity<TestPushRequest, BatchSendInput?>
{
    /// <inheritdoc />
    public override Task<BatchSendInput?> RunAsync(TaskActivityContext context, TestPushRequest input) => preparer.PrepareAsync(input);
}
