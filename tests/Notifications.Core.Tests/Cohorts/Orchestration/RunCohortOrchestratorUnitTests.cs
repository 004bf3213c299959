using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Cohorts;
using Notifications.Core.Cohorts.Orchestration;

namespace Notifications.Core.Tests.Cohorts.Orchestration;

/// <summary>The cohort run's three branches on a mocked <see cref="TaskOrchestrationContext"/>: refused, nobody today, sent.</summary>
public sealed class RunCohortOrchestratorUnitTests
{
    private static readonly CohortRun Run = new("day2-engagement", new DateOnly(2026, 11, 26), "timer");

    [Fact]
    public async Task RunAsync_QueryRefused_OutcomeCarriesTheErrorAndNothingIsSent()
    {
        var context = Context(new CohortPrepared { Error = "the query must return a user_id column", Users = 0 });

        var outcome = await new RunCohortOrchestrator().RunAsync(context.Object, Run);

        Assert.Equal("the query must return a user_id column", outcome.Error);
        Assert.Null(outcome.Summary);
        context.Verify(c => c.CallSubOrchestratorAsync<BatchSummary>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task RunAsync_NobodyToday_NoUsersAndNothingIsSent()
    {
        var context = Context(new CohortPrepared { Users = 0 });

        var outcome = await new RunCohortOrchestrator().RunAsync(context.Object, Run);

        Assert.Equal((0L, null, null), (outcome.Users, outcome.Summary, outcome.Error));
        context.Verify(c => c.CallSubOrchestratorAsync<BatchSummary>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task RunAsync_Prepared_SendsUnderTheBatchsOwnIdAfterNamingItInTheCustomStatus()
    {
        var batch = new BatchSendInput("campaign-batches", "cohorts/day2-engagement/2026-11-26.json", "\"0x1\"");
        var batchId = BatchInstanceIds.For(batch);
        var context = Context(new CohortPrepared { Users = 42, Batch = batch });
        var order = new List<string>();
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback((object? status) => order.Add($"status {status}"));
        context.Setup(c => c.CallSubOrchestratorAsync<BatchSummary>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? options) =>
            {
                order.Add($"send {name.Name} {((SubOrchestrationOptions)options!).InstanceId} {ReferenceEquals(input, batch)}");
                return Task.FromResult(new BatchSummary { BatchId = batchId, Outcome = BatchOutcome.Completed, Counts = new BatchCounts { Sent = 40 } });
            });

        var outcome = await new RunCohortOrchestrator().RunAsync(context.Object, Run);

        Assert.Equal([$"status {batchId}", $"send {BatchTaskNames.SendBatch} {batchId} True"], order);
        Assert.Equal((42L, 40L, null), (outcome.Users, outcome.Summary!.Counts.Sent, outcome.Error));
    }

    private static Mock<TaskOrchestrationContext> Context(CohortPrepared prepared)
    {
        var context = new Mock<TaskOrchestrationContext> { CallBase = true };
        context.SetupGet(c => c.InstanceId).Returns(CohortRun.InstanceId(Run.CohortId, Run.Date));
        context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        context.Setup(c => c.CallActivityAsync<CohortPrepared>(It.Is<TaskName>(n => n.Name == CohortTaskNames.PrepareCohort), Run, It.IsAny<TaskOptions?>()))
            .ReturnsAsync(prepared);
        return context;
    }
}
