using System.Diagnostics;

namespace Notifications.Core.Diagnostics;

/// <summary>How many gateway calls of one chunk still get a span (see <see cref="GatewayCall"/>).</summary>
internal sealed class SpanBudget
{
    /// <summary>Spans for delivered calls per chunk: enough to see normal latency, few enough to ingest.</summary>
    public const int SuccessesPerChunk = 5;

    /// <summary>
    /// Spans for calls that did not deliver, per chunk: every failure of an ordinary chunk (a few dead tokens), while a
    /// gateway outage over a million-device send still makes thousands of spans, not millions.
    /// </summary>
    public const int FailuresPerChunk = 50;

    private const string Key = "notifications.span-budget";
    private int _successes = SuccessesPerChunk;
    private int _failures = FailuresPerChunk;

    /// <summary>Gives <paramref name="chunk"/> (a chunk's span) its budget.</summary>
    public static void Attach(Activity? chunk) => chunk?.SetCustomProperty(Key, new SpanBudget());

    /// <summary>Whether a call under <paramref name="parent"/> gets a span; calls outside a chunk always do.</summary>
    public static bool Take(Activity? parent, bool failed) =>
        parent?.GetCustomProperty(Key) is not SpanBudget budget
        || (failed ? Interlocked.Decrement(ref budget._failures) : Interlocked.Decrement(ref budget._successes)) >= 0;
}
