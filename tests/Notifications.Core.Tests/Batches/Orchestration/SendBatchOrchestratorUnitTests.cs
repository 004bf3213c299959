using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Tests.Batches.Orchestration;

/// <summary>
/// The root send orchestrator's early branches on a mocked <see cref="TaskOrchestrationContext"/>: a refused file ends
/// before any planning, and a dry run plans every shard but sends none. The sending paths run end to end on the durable
/// test host (<c>SendBatchOrchestratorTests</c>, <c>QuietHoursSendTests</c>).
/// </summary>
public sealed class SendBatchOrchestratorUnitTests
{
    private static readonly BatchSendInput Input = new("batches", "spring-sale.json", "\"0x1\"");

    [Fact]
    public async Task RunAsync_FileRefused_FailedWithTheFirstProblemRecordedAndNothingPlanned()
    {
        var context = Context(ScanResult.Invalid(["line 3: the user id is not a user id (length 1,523)", "line 9: ..."]));

        var summary = await new SendBatchOrchestrator().RunAsync(context.Mock.Object, Input);

        Assert.Equal(BatchOutcome.Failed, summary.Outcome);
        Assert.Equal("the batch file was refused: line 3: the user id is not a user id (length 1,523)", summary.Error);
        Assert.Equal([BatchTaskNames.ScanBatch, BatchTaskNames.RecordBatchOutcome], context.Activities);
        Assert.Same(summary, context.Recorded);
    }

    [Fact]
    public async Task RunAsync_DryRun_PlansEveryShardCountsHeldDevicesAndSendsNothing()
    {
        var context = Context(new ScanResult { PlanId = "plan", Users = 30, Shards = 3, DryRun = true, ShardsInFlight = 2, PlansInFlight = 2 });
        context.Plan = shard => new ShardPlan
        {
            Shard = shard, ChunkSet = $"s{shard}", Users = 10, Devices = 6, Chunks = 1,
            Waves = shard == 1 ? [new PlannedWave(new DateTime(2026, 12, 1, 7, 0, 0, DateTimeKind.Utc), "s1-w0", 1, 2, 4)] : [],
        };

        var summary = await new SendBatchOrchestrator().RunAsync(context.Mock.Object, Input);

        Assert.Equal(BatchOutcome.DryRun, summary.Outcome);
        Assert.Equal(3 * 6 + 4, summary.Devices);
        Assert.Equal(3, context.Activities.Count(a => a == BatchTaskNames.PlanShard));
        context.Mock.Verify(c => c.CallSubOrchestratorAsync<BatchCounts>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
        context.Mock.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(BatchTaskNames.RecordBatchOutcome, context.Activities[^1]);
    }

    private static FakeContext Context(ScanResult scan) => new(scan);

    private sealed class FakeContext
    {
        public FakeContext(ScanResult scan)
        {
            Mock.SetupGet(c => c.InstanceId).Returns("batch-unit");
            Mock.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 11, 30, 20, 0, 0, DateTimeKind.Utc));
            Mock.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
            Mock.Setup(c => c.WaitForExternalEvent<string>(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource<string>().Task);
            // First: Moq matches CallActivityAsync<object> to every result type, and the last matching setup wins.
            Mock.Setup(c => c.CallActivityAsync<object>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
                .Returns((TaskName name, object? input, TaskOptions? _) =>
                {
                    Recorded = input as BatchSummary;
                    return Called<object>(name, null!);
                });
            Mock.Setup(c => c.CallActivityAsync<ScanResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
                .Returns((TaskName name, object? _, TaskOptions? _) => Called(name, scan));
            Mock.Setup(c => c.CallActivityAsync<ShardPlan>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
                .Returns((TaskName name, object? input, TaskOptions? _) => Called(name, Plan(((ShardInput)input!).Shard)));
        }

        public Mock<TaskOrchestrationContext> Mock { get; } = new() { CallBase = true };

        public List<string> Activities { get; } = [];

        public Func<int, ShardPlan> Plan { get; set; } = _ => throw new InvalidOperationException("no shard should be planned");

        public BatchSummary? Recorded { get; private set; }

        private Task<T> Called<T>(TaskName name, T result)
        {
            Activities.Add(name.Name);
            return Task.FromResult(result);
        }
    }
}
