using System.Diagnostics;

namespace Notifications.Core.Diagnostics;

/// <summary>How many delivered gateway calls of one chunk still get a span (see <see cref="GatewayCall"/>).</summary>
internal sealed class SpanBudget
{
    /// <summary>Spans for delivered calls per chunk: enough to see normal latency, few enough to ingest.</summary>
    public const int SuccessesPerChunk = 5;

    private const string Key = "notifications.span-budget";
    private int _remaining = SuccessesPerChunk;

    /// <summary>Gives <paramref name="chunk"/> (a chunk's span) its budget.</summary>
    public static void Attach(Activity? chunk) => chunk?.SetCustomProperty(Key, new SpanBudget());

    /// <summary>Whether a delivered call under <paramref name="parent"/> gets a span; calls outside a chunk always do.</summary>
    public static bool TakeSuccess(Activity? parent) =>
        parent?.GetCustomProperty(Key) is not SpanBudget budget || Interlocked.Decrement(ref budget._remaining) >= 0;
}
