using Microsoft.DurableTask;

namespace Notifications.Core.Batches.Orchestration;

/// <summary>
/// Sends the chunks of one planned shard (or, at its time, of one wave the shard held for later), while the parent goes
/// on planning others. Its chunks run all at once
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
        var (input, plan, wave) = send;
        var counts = new BatchCounts();
        var (chunkSet, chunkCount) = (plan.ChunkSet, plan.Chunks);
        if (wave is { } w)
        {
            var released = await context.CallActivityAsync<ReleasedWave>(
                BatchTaskNames.ReleaseWave, new WaveRequest(input, w, plan.Waves[w]), SendBatchOrchestrator.StorageRetry);
            (chunkSet, chunkCount) = (released.ChunkSet, released.Chunks);
            counts = counts with { WaveDevices = released.Devices, WaveCapped = released.Capped };
        }

        context.SetCustomStatus(counts);
        var running = new Dictionary<Task<ChunkResult>, int>();
        var attempts = new int[chunkCount];
        for (var i = 0; i < chunkCount; i++)
        {
            running[Send(context, input, chunkSet, i)] = i;
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
            if (result.Throttled && !result.Cancelled)
            {
                // Waiting for a send-rate window is not a failure: it uses up no attempt.
                attempts[i]--;
                running[RetryAsync(context, input, chunkSet, i, TimeSpan.FromSeconds(Math.Max(1, result.RetryAfterSeconds)))] = i;
                continue;
            }

            if (result.Retryable && !result.Cancelled && attempts[i] < input.MaxAttempts)
            {
                running[RetryAsync(context, input, chunkSet, i, RetryDelay(input.RetryDelaySeconds, attempts[i], result.RetryAfterSeconds))] = i;
                continue;
            }

            counts = counts.Add(result);
            context.SetCustomStatus(counts);
        }

        // A wave ends long after its send's first pushes, so it removes its own dead tokens rather than leave them to
        // the send's end.
        if (wave is not null && counts.Invalid > 0)
        {
            var removed = await context.CallActivityAsync<int>(BatchTaskNames.RemoveInvalidTokens,
                new TokenRemovalRequest(input.BatchId, input.PlanId, chunkSet, chunkCount), SendBatchOrchestrator.StorageRetry);
            counts = counts with { TokensRemoved = counts.TokensRemoved + removed };
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

    private static Task<ChunkResult> Send(TaskOrchestrationContext context, ShardInput input, string chunkSet, int i) =>
        context.CallActivityAsync<ChunkResult>(
            BatchTaskNames.SendChunk, new ChunkRequest(input.BatchId, input.Source, input.PlanId, chunkSet, i));

    private static async Task<ChunkResult> RetryAsync(TaskOrchestrationContext context, ShardInput input, string chunkSet, int i, TimeSpan delay)
    {
        await context.CreateTimer(context.CurrentUtcDateTime + delay, CancellationToken.None);
        return await Send(context, input, chunkSet, i);
    }
}
