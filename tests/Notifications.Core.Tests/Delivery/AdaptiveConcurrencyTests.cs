using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Delivery;

public sealed class AdaptiveConcurrencyTests
{
    private static readonly TimeSpan Rtt = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task WaitAsync_AtLimit_WaitsUntilAReleaseAsync()
    {
        var bound = new AdaptiveConcurrency(initial: 2, max: 2);
        await bound.WaitAsync(CancellationToken.None);
        await bound.WaitAsync(CancellationToken.None);

        var third = bound.WaitAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);

        bound.Release(Rtt, throttled: false);
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, bound.InFlight);
    }

    [Fact]
    public async Task WaitAsync_CancelledWhileQueued_LeavesTheQueueAndTakesNoSlotAsync()
    {
        var bound = new AdaptiveConcurrency(initial: 1, max: 1);
        await bound.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = bound.WaitAsync(cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        bound.Release(Rtt, throttled: false);

        Assert.Equal(0, bound.InFlight);
        await bound.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Release_CallersWaitingAndLatencySteady_GrowsTheLimitAsync()
    {
        var bound = new AdaptiveConcurrency(initial: 16, max: 100);

        await RunWindowAsync(bound, Rtt, throttled: false, withWaiter: true);

        Assert.Equal(18, bound.Limit);
    }

    [Fact]
    public async Task Release_NobodyWaiting_HoldsTheLimitAsync()
    {
        var bound = new AdaptiveConcurrency(initial: 16, max: 100);

        await RunWindowAsync(bound, Rtt, throttled: false, withWaiter: false);

        Assert.Equal(16, bound.Limit);
    }

    [Fact]
    public async Task Release_RoundTripMoreThanDoubled_HoldsTheLimitAsync()
    {
        var bound = new AdaptiveConcurrency(initial: 16, max: 100);
        await RunWindowAsync(bound, Rtt, throttled: false, withWaiter: true);
        var grown = bound.Limit;

        // Requests now queue somewhere: more in flight would only lengthen the queue.
        await RunWindowAsync(bound, Rtt * 3, throttled: false, withWaiter: true);

        Assert.Equal(grown, bound.Limit);
    }

    [Fact]
    public async Task Release_ThrottledAnswerInTheWindow_HalvesTheLimitAsync()
    {
        var bound = new AdaptiveConcurrency(initial: 64, max: 100);

        await RunWindowAsync(bound, Rtt, throttled: true, withWaiter: true);

        Assert.Equal(32, bound.Limit);
    }

    [Fact]
    public async Task Release_AfterThePushback_GrowsOneRequestAWindowAsync()
    {
        var bound = new AdaptiveConcurrency(initial: 64, max: 100);
        await RunWindowAsync(bound, Rtt, throttled: true, withWaiter: true);

        await RunWindowAsync(bound, Rtt, throttled: false, withWaiter: true);

        Assert.Equal(33, bound.Limit);
    }

    [Fact]
    public async Task Release_GrowthAtTheCap_StopsAtTheCapAsync()
    {
        var bound = new AdaptiveConcurrency(initial: 16, max: 17);

        await RunWindowAsync(bound, Rtt, throttled: false, withWaiter: true);
        await RunWindowAsync(bound, Rtt, throttled: false, withWaiter: true);

        Assert.Equal(17, bound.Limit);
    }

    /// <summary>Fills the bound, optionally queues one more caller, then answers a whole window (one throttled if asked).</summary>
    private static async Task RunWindowAsync(AdaptiveConcurrency bound, TimeSpan rtt, bool throttled, bool withWaiter)
    {
        var limit = bound.Limit;
        var window = Math.Max(16, limit / 2);
        for (var i = 0; i < limit; i++)
        {
            await bound.WaitAsync(CancellationToken.None);
        }

        var waiter = withWaiter ? bound.WaitAsync(CancellationToken.None) : Task.CompletedTask;
        for (var i = 0; i < window; i++)
        {
            bound.Release(rtt, throttled && i == 0);
        }

        await waiter.WaitAsync(TimeSpan.FromSeconds(5));
        while (bound.InFlight > 0)
        {
            bound.Release(roundTrip: null, throttled: false);
        }
    }
}
