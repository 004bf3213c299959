using System.Diagnostics;

namespace Notifications.Core.Diagnostics;

/// <summary>Records one batch activity's run time into <see cref="DeliveryMetrics.BatchActivityDuration"/> when disposed.</summary>
public readonly struct BatchActivityTiming : IDisposable
{
    private readonly string _activity;
    private readonly long _started;

    private BatchActivityTiming(string activity)
    {
        _activity = activity;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts timing <paramref name="activity"/>.</summary>
    public static BatchActivityTiming Start(string activity) => new(activity);

    /// <inheritdoc />
    public void Dispose() => DeliveryMetrics.BatchActivityDuration.Record(
        Stopwatch.GetElapsedTime(_started).TotalSeconds, new KeyValuePair<string, object?>("activity", _activity));
}
