namespace Notifications.Core.Delivery;

/// <summary>
/// The in-flight bound of one gateway client, adapted to what the gateway answers. A window closes every half limit
/// of answers; at its close:
/// <list type="bullet">
/// <item>a window with a throttle answer (429, 503, or any Retry-After) halves the limit: the gateway is pushing back,
/// and the retry loop is already waiting out its Retry-After;</item>
/// <item>a window in which callers waited for a slot, and whose mean round trip stayed within twice the lowest the
/// gateway has shown recently, grows the limit by an eighth: the send is latency-bound, and more requests in flight
/// is more pushes a second (256 in flight at 50 ms is 5,120/s, half of FCM's default quota). Once the gateway has
/// pushed back, growth is one request a window: probing gently where the ceiling was found;</item>
/// <item>otherwise the limit holds: a longer round trip means requests queue somewhere (the gateway, the network or
/// this machine's CPU), where more in flight buys nothing.</item>
/// </list>
/// The limit stays between 1 and the configured cap. Throttle answers carry no round trip (they come back fast and
/// would teach a base the gateway cannot hold). Waiters are served in order.
/// </summary>
public sealed class AdaptiveConcurrency
{
    private const int MinWindowAnswers = 16;
    private const int BaseRttWindows = 50;
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private readonly int _max;
    private int _limit;
    private int _inFlight;
    private int _answers;
    private int _timed;
    private bool _pushedBack;
    private double _rttSum;
    private bool _waited;
    private bool _throttled;
    private double _baseRtt = double.MaxValue;
    private double _nextBaseRtt = double.MaxValue;
    private int _windowsSinceBase;

    /// <summary>Creates a bound starting at <paramref name="initial"/> that may grow to <paramref name="max"/>.</summary>
    public AdaptiveConcurrency(int initial, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        _max = max;
        _limit = Math.Clamp(initial, 1, max);
    }

    /// <summary>Requests allowed in flight now.</summary>
    public int Limit => Volatile.Read(ref _limit);

    /// <summary>Requests in flight now.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Whether a gateway's answer asks for less: 429, 503, or any Retry-After.</summary>
    public static bool IsPushback(HttpResponseMessage response) =>
        response.StatusCode is System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable
        || response.Headers.RetryAfter is not null;

    /// <summary>Waits for a slot; pair with <see cref="Release"/>.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (_inFlight < _limit && _waiters.Count == 0)
            {
                _inFlight++;
                return Task.CompletedTask;
            }

            cancellationToken.ThrowIfCancellationRequested();
            _waited = true;
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        if (!cancellationToken.CanBeCanceled)
        {
            return waiter.Task;
        }

        return WaitCancellableAsync(waiter, node, cancellationToken);
    }

    /// <summary>
    /// Frees a slot. <paramref name="roundTrip"/> is how long the gateway took to answer (null when it did not, as
    /// for a network failure); <paramref name="throttled"/> says the answer pushed back.
    /// </summary>
    public void Release(TimeSpan? roundTrip, bool throttled)
    {
        lock (_gate)
        {
            _inFlight--;
            if (roundTrip is { } rtt)
            {
                _answers++;
                _throttled |= throttled;
                if (!throttled)
                {
                    _timed++;
                    _rttSum += rtt.TotalMilliseconds;
                }

                if (_answers >= Math.Max(MinWindowAnswers, _limit / 2))
                {
                    CloseWindow();
                }
            }

            while (_inFlight < _limit && _waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                if (first.Value.TrySetResult())
                {
                    _inFlight++;
                }
            }
        }
    }

    private void CloseWindow()
    {
        var meanRtt = _timed > 0 ? _rttSum / _timed : double.MaxValue;

        // The lowest mean of the last windows is "the gateway when nothing queues"; relearned every 50 windows, so a
        // gateway whose latency rose for good is not read as congested forever.
        if (_timed > 0)
        {
            _nextBaseRtt = Math.Min(_nextBaseRtt, meanRtt);
            _baseRtt = Math.Min(_baseRtt, meanRtt);
            if (++_windowsSinceBase >= BaseRttWindows)
            {
                _baseRtt = _nextBaseRtt;
                _nextBaseRtt = double.MaxValue;
                _windowsSinceBase = 0;
            }
        }

        if (_throttled)
        {
            _limit = Math.Max(1, _limit / 2);
            _pushedBack = true;
        }
        else if (_waited && meanRtt <= 2 * _baseRtt)
        {
            _limit = Math.Min(_max, _limit + (_pushedBack ? 1 : Math.Max(1, _limit / 8)));
        }

        _answers = 0;
        _timed = 0;
        _rttSum = 0;
        _throttled = false;
        _waited = _waiters.Count > 0;
    }

    private async Task WaitCancellableAsync(TaskCompletionSource waiter, LinkedListNode<TaskCompletionSource> node, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                // Still queued: leave the queue. Already granted: the slot is the caller's, and the grant wins.
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                    waiter.TrySetCanceled(cancellationToken);
                }
            }
        }).ConfigureAwait(false);
        await waiter.Task.ConfigureAwait(false);
    }
}
