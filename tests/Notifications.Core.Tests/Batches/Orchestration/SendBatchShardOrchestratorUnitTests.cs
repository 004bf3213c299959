using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Tests.Batches.Orchestration;

/// <summary>
/// The shard orchestrator's branching on a mocked <see cref="TaskOrchestrationContext"/>: which results are retried,
/// after which wait, which use up an attempt, and what is counted. The end-to-end tests drive the same code on the
/// durable test host; these name each branch and run in milliseconds.
/// </summary>
public sealed class SendBatchShardOrchestratorUnitTests
{
    private static readonly DateTime Now = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task RunAsync_ThrottledTwiceThenSent_WaitsRetryAfterAndUsesNoAttempt()
    {
        var context = new FakeContext();
        context.Results(0, Throttled(7), Throttled(3), Sent(5));

        var counts = await new SendBatchShardOrchestrator().RunAsync(context.Object, Input(chunks: 1, maxAttempts: 1));

        Assert.Equal((1, 5L, 0L), (counts.ChunksDone, counts.Sent, counts.Failed));
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(3)], context.Waits);
    }

    [Fact]
    public async Task RunAsync_RetryableFailureEveryTime_TriedMaxAttemptsWithBackoffThenCounted()
    {
        var context = new FakeContext();
        context.Results(0, Failed(), Failed(), Failed(), Sent(1));

        var counts = await new SendBatchShardOrchestrator().RunAsync(context.Object, Input(chunks: 1, maxAttempts: 3, firstDelaySeconds: 2));

        Assert.Equal(3, context.Calls(0));
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], context.Waits);
        Assert.Equal((1, 0L, 4L, 1L), (counts.ChunksDone, counts.Sent, counts.Failed, counts.ChunksWithErrors));
    }

    [Fact]
    public async Task RunAsync_NotRetryableOrCancelled_CountedAtOnce()
    {
        var context = new FakeContext();
        context.Results(0, Failed() with { Retryable = false });
        context.Results(1, Failed() with { Cancelled = true });

        var counts = await new SendBatchShardOrchestrator().RunAsync(context.Object, Input(chunks: 2, maxAttempts: 5));

        Assert.Equal((1, 1), (context.Calls(0), context.Calls(1)));
        Assert.Empty(context.Waits);
        Assert.Equal((2, 1L), (counts.ChunksDone, counts.ChunksCancelled));
    }

    [Fact]
    public async Task RunAsync_ActivityThrows_TreatedAsRetryable()
    {
        var context = new FakeContext();
        context.Throws(0, new TaskFailedException("SendChunk", 1, new InvalidOperationException("worker died")));
        context.Results(0, Sent(2));

        var counts = await new SendBatchShardOrchestrator().RunAsync(context.Object, Input(chunks: 1, maxAttempts: 2));

        Assert.Equal((2, 2L), (context.Calls(0), counts.Sent));
    }

    [Fact]
    public async Task RunAsync_Wave_ReleasesFirstSendsItsChunksAndRemovesItsDeadTokens()
    {
        var context = new FakeContext();
        context.Released = new ReleasedWave("s0000-ab-w0", Chunks: 2, Devices: 7, Capped: 1);
        context.Results(0, Sent(3) with { Invalid = 1 });
        context.Results(1, Sent(3));
        context.Removed = 1;

        var counts = await new SendBatchShardOrchestrator().RunAsync(context.Object, Input(chunks: 5, maxAttempts: 1) with { Wave = 0 });

        Assert.Equal(["ReleaseWave", "SendChunk", "SendChunk", "RemoveInvalidTokens"], context.Activities);
        Assert.All(context.ChunkSets, set => Assert.Equal("s0000-ab-w0", set));
        Assert.Equal((2, 6L, 7L, 1L, 1L), (counts.ChunksDone, counts.Sent, counts.WaveDevices, counts.WaveCapped, counts.TokensRemoved));
    }

    [Theory]
    [InlineData(1, 1, 0, 1)]
    [InlineData(1, 4, 0, 8)]
    [InlineData(1, 2, 30, 30)]
    [InlineData(5, 10, 0, 600)]
    [InlineData(1, 1, 3600, 600)]
    public void RetryDelay_AttemptAndRetryAfter_ExponentialOrAskedWhicheverIsLongerAtMostTenMinutes(double first, int attempts, double retryAfter, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), SendBatchShardOrchestrator.RetryDelay(first, attempts, retryAfter));

    private static ChunkResult Sent(int devices) => new() { Devices = devices, Sent = devices };

    private static ChunkResult Failed() => new() { Devices = 4, Failed = 4, Error = "gateway unavailable", Retryable = true };

    private static ChunkResult Throttled(double seconds) => new() { Throttled = true, Retryable = true, RetryAfterSeconds = seconds };

    private static ShardSendInput Input(int chunks, int maxAttempts, double firstDelaySeconds = 1) => new(
        new ShardInput("batch-1", new BatchSendInput("batches", "a.json", "etag"), "plan", 0, new DateOnly(2026, 11, 30), false, maxAttempts, firstDelaySeconds),
        new ShardPlan { Shard = 0, ChunkSet = "s0000-ab", Chunks = chunks, Waves = [new PlannedWave(Now.AddHours(1), "s0000-ab-w0", 2, 2, 7)] });

    /// <summary>A context whose activities answer from per-chunk queues and whose timers fire at once, recording their waits.</summary>
    private sealed class FakeContext
    {
        private readonly Dictionary<int, Queue<Func<ChunkResult>>> _answers = [];
        private readonly Dictionary<int, int> _calls = [];

        public FakeContext()
        {
            Object = Mock.Object;
            Mock.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
            Mock.Protected().SetupGet<Microsoft.Extensions.Logging.ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
            Mock.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
                .Returns((DateTime at, CancellationToken _) =>
                {
                    Waits.Add(at - Now);
                    return Task.CompletedTask;
                });
            Mock.Setup(c => c.CallActivityAsync<ChunkResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
                .Returns((TaskName name, object? input, TaskOptions? _) =>
                {
                    var request = (ChunkRequest)input!;
                    Activities.Add(name.Name);
                    ChunkSets.Add(request.ChunkSet);
                    _calls[request.Chunk] = Calls(request.Chunk) + 1;
                    try
                    {
                        return Task.FromResult(_answers[request.Chunk].Dequeue()());
                    }
                    catch (TaskFailedException ex)
                    {
                        return Task.FromException<ChunkResult>(ex);
                    }
                });
            Mock.Setup(c => c.CallActivityAsync<ReleasedWave>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
                .Returns((TaskName name, object? _, TaskOptions? _) =>
                {
                    Activities.Add(name.Name);
                    return Task.FromResult(Released!);
                });
            Mock.Setup(c => c.CallActivityAsync<int>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
                .Returns((TaskName name, object? _, TaskOptions? _) =>
                {
                    Activities.Add(name.Name);
                    return Task.FromResult(Removed);
                });
        }

        public Mock<TaskOrchestrationContext> Mock { get; } = new() { CallBase = true };

        public TaskOrchestrationContext Object { get; }

        public List<TimeSpan> Waits { get; } = [];

        public List<string> Activities { get; } = [];

        public List<string> ChunkSets { get; } = [];

        public ReleasedWave? Released { get; set; }

        public int Removed { get; set; }

        public int Calls(int chunk) => _calls.GetValueOrDefault(chunk);

        public void Results(int chunk, params ChunkResult[] results)
        {
            foreach (var result in results)
            {
                Queue(chunk).Enqueue(() => result);
            }
        }

        public void Throws(int chunk, TaskFailedException exception) => Queue(chunk).Enqueue(() => throw exception);

        private Queue<Func<ChunkResult>> Queue(int chunk) => _answers.TryGetValue(chunk, out var q) ? q : _answers[chunk] = new Queue<Func<ChunkResult>>();
    }
}
