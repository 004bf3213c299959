using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Tests.Batches.Orchestration;

public sealed class SendBatchShardOrchestratorTests
{
    [Theory]
    [InlineData(10, 1, 0, 10)]
    [InlineData(10, 2, 0, 20)]
    [InlineData(10, 3, 0, 40)]
    [InlineData(10, 1, 90, 90)]
    [InlineData(10, 3, 5, 40)]
    [InlineData(10, 12, 0, 600)]
    [InlineData(1, 1, 3600, 600)]
    public void RetryDelay_AttemptsAndRetryAfter_ExponentialOrAskedAtMostTenMinutes(double first, int attempts, double retryAfter, double expected) =>
        Assert.Equal(TimeSpan.FromSeconds(expected), SendBatchShardOrchestrator.RetryDelay(first, attempts, retryAfter));
}
