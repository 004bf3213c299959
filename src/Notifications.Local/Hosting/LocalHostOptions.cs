namespace Notifications.Local.Hosting;

/// <summary>How <c>notify</c> runs the system on this machine.</summary>
public sealed class LocalHostOptions
{
    /// <summary>Where Azurite data, gateway files and scratch go.</summary>
    public string DataDirectory { get; set; } = ".notify";

    /// <summary>HTTP port of the API (0 = any free port).</summary>
    public int HttpPort { get; set; }

    /// <summary>The durable backend.</summary>
    public DurableBackendKind Backend { get; set; } = DurableBackendKind.AzureStorage;

    /// <summary>Task hub name on the Azure Storage backend.</summary>
    public string TaskHub { get; set; } = "notifylocal";

    /// <summary>A storage connection string to use instead of starting Azurite.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>
    /// A <c>client-config.json</c> written by <c>notify gateways</c>, to push to gateways running in another process
    /// (their records survive this one). Null runs the gateways in this process.
    /// </summary>
    public string? GatewayConfigFile { get; set; }

    /// <summary>Use the Fcm:* and Apns:* settings as configured (real services) instead of loopback gateways.</summary>
    public bool ConfiguredGateways { get; set; }

    /// <summary>Chunks sent at once.</summary>
    public int MaxConcurrentActivities { get; set; } = 16;

    /// <summary>Start a send whenever a file lands in the batches container.</summary>
    public bool WatchBatches { get; set; }

    /// <summary>
    /// How long a dequeued orchestration message stays invisible: a killed host's orchestrations resume after this.
    /// </summary>
    public TimeSpan ControlQueueVisibility { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a dequeued activity stays invisible: a killed host's chunks resume after this. It must outlast the
    /// longest activity (planning a million users takes about a minute here), because the sidecar does not renew it.
    /// </summary>
    public TimeSpan WorkItemQueueVisibility { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Minimum level of the console log.</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Warning;

    /// <summary>Extra settings (key = value), applied last.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();
}
