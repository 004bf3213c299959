namespace Notifications.Core.Delivery;

/// <summary>
/// The pushes this process could still send twice if it died now: requests on the wire to a gateway, and final
/// answers the delivery ledger holds in memory but has not stored yet. A chunk that runs again after a crash skips
/// everything stored and pushes the rest, so these are the most a crash of this process can duplicate.
/// </summary>
/// <remarks>
/// One count per process, updated under one lock (four updates per push, uncontended at this rate) so that a
/// published value is always one the process really had: <c>notify demo --kill-worker-at</c> reads the killed
/// worker's last value from a file it maps, and compares the gateways' duplicates with it. The moments between a
/// request's answer and its ledger entry (microseconds, no I/O) are the only ones a push is not counted.
/// </remarks>
public static class UnrecordedPushes
{
    private static readonly Lock Gate = new();
    private static long _onWire;
    private static long _unstored;
    private static Action<long, long>? _publish;

    /// <summary>Requests to a gateway that have not been answered.</summary>
    public static long OnWire
    {
        get
        {
            lock (Gate)
            {
                return _onWire;
            }
        }
    }

    /// <summary>Final answers recorded in memory and not yet stored in the ledger.</summary>
    public static long Unstored
    {
        get
        {
            lock (Gate)
            {
                return _unstored;
            }
        }
    }

    /// <summary>Calls <paramref name="publish"/> (on wire, unstored) now and after every change, inside the lock.</summary>
    public static void PublishTo(Action<long, long>? publish)
    {
        lock (Gate)
        {
            _publish = publish;
            publish?.Invoke(_onWire, _unstored);
        }
    }

    internal static void RequestStarted() => Add(1, 0);

    internal static void RequestEnded() => Add(-1, 0);

    internal static void Recorded(long outcomes) => Add(0, outcomes);

    internal static void Released(long outcomes) => Add(0, -outcomes);

    private static void Add(long onWire, long unstored)
    {
        lock (Gate)
        {
            _onWire += onWire;
            _unstored += unstored;
            _publish?.Invoke(_onWire, _unstored);
        }
    }
}
