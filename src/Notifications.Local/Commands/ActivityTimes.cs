using System.Diagnostics.Metrics;
using Notifications.Core.Diagnostics;

namespace Notifications.Local.Commands;

/// <summary>
/// Listens to this process's batch activity durations (<see cref="DeliveryMetrics.BatchActivityDuration"/>) and
/// keeps the longest: the demo's proof that no single activity's work grows with the list.
/// </summary>
internal sealed class ActivityTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private double _longest;
    private string _longestName = "none";

    public ActivityTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DeliveryMetrics.Name && instrument.Name == "notifications.batch.activity.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            lock (_gate)
            {
                if (seconds > _longest)
                {
                    _longest = seconds;
                    foreach (var tag in tags)
                    {
                        if (tag.Key == "activity")
                        {
                            _longestName = tag.Value as string ?? "unknown";
                        }
                    }
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The longest activity run seen so far, in seconds, and which activity it was.</summary>
    public (double Seconds, string Activity) Longest
    {
        get
        {
            lock (_gate)
            {
                return (_longest, _longestName);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
