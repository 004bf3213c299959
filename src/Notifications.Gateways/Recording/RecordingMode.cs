namespace Notifications.Gateways.Recording;

/// <summary>How much the gateways remember about accepted pushes.</summary>
public enum RecordingMode
{
    /// <summary>Every push in memory, with duplicate detection: for tests.</summary>
    Full,

    /// <summary>Counters and a compact duplicate set (8 bytes a push): for demos of millions.</summary>
    Compact,

    /// <summary>Counters only: memory stays flat whatever N (benchmarks).</summary>
    CountOnly,
}
