using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Durable;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Writes a test batch file for an approver (<see cref="TestPushPreparer"/>).</summary>
[DurableTask(ApprovalTaskNames.PrepareTestPush)]
public sealed class PrepareTestPushActivity(TestPushPreparer preparer, IHostApplicationLifetime? lifetime = null) : TaskActivity<TestPushRequest, BatchSendInput?>
{
    /// <inheritdoc />
    public override Task<BatchSendInput?> RunAsync(TaskActivityContext context, TestPushRequest input) => preparer.PrepareAsync(input, ActivityCancellation.Of(lifetime));
}
