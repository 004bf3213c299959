using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Approvals.Testing;
using Notifications.Core.Durable;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Writes a test batch file for an approver's choice (<see cref="TestPushPreparer"/>).</summary>
[DurableTask(ApprovalTaskNames.PrepareTestPush)]
public sealed class PrepareTestPushActivity(TestPushPreparer preparer, IHostApplicationLifetime? lifetime = null) : TaskActivity<TestPushRequest, TestPushPlan>
{
    /// <inheritdoc />
    public override Task<TestPushPlan> RunAsync(TaskActivityContext context, TestPushRequest input) => preparer.PrepareAsync(input, ActivityCancellation.Of(lifetime));
}
