using System.Net.Http.Headers;

namespace Notifications.Core.Delivery;

/// <summary>Backoff arithmetic shared by the gateway clients.</summary>
public static class RetryBackoff
{
    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1: exponential from <paramref name="baseDelay"/> with
    /// "equal jitter" (half fixed, half random) so synchronized senders spread out, and never shorter than what
    /// the gateway asked for in Retry-After.
    /// </summary>
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="baseDelay">The first delay.</param>
    /// <param name="retryAfter">The gateway's Retry-After, if any.</param>
    /// <param name="jitter">A sample in [0, 1).</param>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan? retryAfter, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponential = baseDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        var jittered = (exponential / 2) + (exponential / 2 * jitter);
        return retryAfter is { } asked && asked > jittered ? asked : jittered;
    }

    /// <summary>Reads Retry-After as seconds or as an HTTP date relative to <paramref name="now"/>.</summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var value = headers.RetryAfter;
        if (value?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
