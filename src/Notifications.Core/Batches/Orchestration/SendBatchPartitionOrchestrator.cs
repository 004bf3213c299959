using Microsoft.DurableTask;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>
/// Sends a range of chunks: all of them at once (the host's activity concurrency paces them), each retried on a
/// durable timer while it still has retryable failures, honouring the longest Retry-After a gateway gave. Its
/// custom status is the running total, which the status API adds up across partitions.
/// </summary>
[DurableTask(BatchTaskNames.SendBatchPartition)]
public sealed class SendBatchPartitionOrchestrator : TaskOrchestrator<PartitionInput, BatchCounts>
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public override async Task<BatchCounts> RunAsync(TaskOrchestrationContext context, PartitionInput input)
    {
        var running = new Dictionary<Task<ChunkResult>, int>();
        var attempts = new int[input.ChunkCount];
        for (var i = 0; i < input.ChunkCount; i++)
        {
            running[Send(context, input, i)] = i;
        }

        var counts = new BatchCounts();
        context.SetCustomStatus(counts);
        while (running.Count > 0)
        {
            var done = await Task.WhenAny(running.Keys);
            var i = running[done];
            running.Remove(done);
            attempts[i]++;

            var result = done.IsCompletedSuccessfully
                ? done.Result
                : new ChunkResult { Error = done.Exception?.InnerException?.Message ?? "the chunk activity failed", Retryable = true };
            if (result.Retryable && !result.Cancelled && attempts[i] < input.MaxAttempts)
            {
                var backoff = TimeSpan.FromSeconds(input.RetryDelaySeconds * Math.Pow(2, attempts[i] - 1));
                var asked = TimeSpan.FromSeconds(result.RetryAfterSeconds);
                var delay = asked > backoff ? asked : backoff;
                running[RetryAsync(context, input, i, delay > MaxRetryDelay ? MaxRetryDelay : delay)] = i;
                continue;
            }

            counts = counts.Add(result);
            context.SetCustomStatus(counts);
        }

        return counts;
    }

    private static Task<ChunkResult> Send(TaskOrchestrationContext context, PartitionInput input, int i) =>
        context.CallActivityAsync<ChunkResult>(
            BatchTaskNames.SendChunk, new ChunkRequest(input.BatchId, input.Source, input.PlanId, input.FirstChunk + i));

    private static async Task<ChunkResult> RetryAsync(TaskOrchestrationContext context, PartitionInput input, int i, TimeSpan delay)
    {
        await context.CreateTimer(context.CurrentUtcDateTime + delay, CancellationToken.None);
        return await Send(context, input, i);
    }
}
