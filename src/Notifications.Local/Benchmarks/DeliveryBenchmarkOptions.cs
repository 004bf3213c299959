namespace Notifications.Local.Benchmarks;

/// <summary>What <c>notify bench delivery</c> runs.</summary>
internal sealed record DeliveryBenchmarkOptions
{
    /// <summary>Pushes to send, half FCM and half APNs.</summary>
    public int Devices { get; init; } = 200_000;

    /// <summary>Chunks of 500 handed to the engine at once, as parallel chunk activities would.</summary>
    public int ParallelChunks { get; init; } = 4;

    /// <summary>A <c>client-config.json</c> of gateways in another process; null starts them in this one.</summary>
    public string? GatewaysConfig { get; init; }

    /// <summary>Also run the plain <see cref="BaselineLoop"/> against the same gateways, first.</summary>
    public bool Baseline { get; init; }

    /// <summary>How long the in-process gateways wait before answering a push.</summary>
    public int LatencyMs { get; init; }
}
