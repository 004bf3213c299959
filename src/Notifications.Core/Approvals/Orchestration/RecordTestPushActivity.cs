using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Notifications.Core.Approvals.Testing;
using Notifications.Core.Durable;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Records a finished test push's outcome per device (<see cref="TestPushRecorder"/>).</summary>
[DurableTask(ApprovalTaskNames.RecordTestPush)]
public sealed class RecordTestPushActivity(TestPushRecorder recorder, IHostApplicationLifetime? lifetime = null) : TaskActivity<TestPushOutcomeRequest, TestPushResult>
{
    /// <inheritdoc />
    public override Task<TestPushResult> RunAsync(TaskActivityContext context, TestPushOutcomeRequest input) => recorder.RecordAsync(input, ActivityCancellation.Of(lifetime));
}
