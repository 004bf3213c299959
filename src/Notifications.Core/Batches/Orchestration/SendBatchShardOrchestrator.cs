using Microsoft.DurableTask;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>
/// Sends the chunks of one planned shard, while the parent goes on planning others. Its chunks run all at once
/// (the host's activity concurrency paces them), each retried on a durable timer while it still has retryable
/// failures, honouring the longest Retry-After a gateway gave. Its custom status is its running totals, which the
/// status API adds up across the shards sending (the parent holds the plan).
/// </summary>
[DurableTask(BatchTaskNames.SendBatchShard)]
public sealed class SendBatchShardOrchestrator : TaskOrchestrator<ShardSendInput, BatchCounts>
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public override async Task<BatchCounts> RunAsync(TaskOrchestrationContext context, ShardSendInput send)
    {
        var (input, plan) = send;
        var counts = new BatchCounts();
        context.SetCustomStatus(counts);

        var running = new Dictionary<Task<ChunkResult>, int>();
        var attempts = new int[plan.Chunks];
        for (var i = 0; i < plan.Chunks; i++)
        {
            running[Send(context, input, plan, i)] = i;
        }

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
                running[RetryAsync(context, input, plan, i, RetryDelay(input.RetryDelaySeconds, attempts[i], result.RetryAfterSeconds))] = i;
                continue;
            }

            counts = counts.Add(result);
            context.SetCustomStatus(counts);
        }

        return counts;
    }

    /// <summary>
    /// The wait before attempt <paramref name="attempts"/> + 1 of a chunk: exponential from
    /// <paramref name="firstDelaySeconds"/>, or the gateway's Retry-After when longer, at most ten minutes.
    /// </summary>
    internal static TimeSpan RetryDelay(double firstDelaySeconds, int attempts, double retryAfterSeconds)
    {
        var backoff = TimeSpan.FromSeconds(firstDelaySeconds * Math.Pow(2, attempts - 1));
        var asked = TimeSpan.FromSeconds(retryAfterSeconds);
        var delay = asked > backoff ? asked : backoff;
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }

    private static Task<ChunkResult> Send(TaskOrchestrationContext context, ShardInput input, ShardPlan plan, int i) =>
        context.CallActivityAsync<ChunkResult>(
            BatchTaskNames.SendChunk, new ChunkRequest(input.BatchId, input.Source, input.PlanId, plan.ChunkSet, i));

    private static async Task<ChunkResult> RetryAsync(TaskOrchestrationContext context, ShardInput input, ShardPlan plan, int i, TimeSpan delay)
    {
        await context.CreateTimer(context.CurrentUtcDateTime + delay, CancellationToken.None);
        return await Send(context, input, plan, i);
    }
}
