namespace Notifications.Local.Benchmarks;

/// <summary>What <c>notify bench delivery</c> runs.</summary>
internal sealed record DeliveryBenchmarkOptions
{
    /// <summary>Pushes to send, half FCM and half APNs.</summary>
    public int Devices { get; init; } = 200_000;

    /// <summary>Chunks of 500 handed to the engine at once, as parallel chunk activities would.</summary>
    public int ParallelChunks { get; init; } = 4;

    /// <summary>A <c>client-config.json</c> of gateways already running elsewhere; null starts gateways for the run.</summary>
    public string? GatewaysConfig { get; init; }

    /// <summary>
    /// Start the gateways in this process rather than in a child: faster to start, but the CPU and allocation
    /// figures then include the gateways'.
    /// </summary>
    public bool GatewaysInProcess { get; init; }

    /// <summary>Also run the plain <see cref="BaselineLoop"/> against the same gateways, first.</summary>
    public bool Baseline { get; init; }

    /// <summary>How long the gateways this run starts wait before answering a push.</summary>
    public int LatencyMs { get; init; }
}
