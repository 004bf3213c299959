namespace Notifications.Local.Hosting;

/// <summary>How <c>notify</c> runs the system on this machine.</summary>
public sealed class LocalHostOptions
{
    /// <summary>Where Azurite data, gateway files and scratch go.</summary>
    public string DataDirectory { get; set; } = ".notify";

    /// <summary>
    /// Why the host is not ready when it starts listening (serve: until its demo data is seeded); null starts it
    /// ready. Whoever sets it calls <see cref="Notifications.Core.Api.HostReadiness.Ready"/> when done.
    /// </summary>
    public string? NotReadyAtStart { get; set; }

    /// <summary>HTTP port of the API; 0 takes the data folder's (picked on first use and kept: approval links point at it).</summary>
    public int HttpPort { get; set; }

    /// <summary>
    /// Fail rather than listen elsewhere when the folder's API port is taken (<c>notify serve</c>: the links in the
    /// emails it sends must keep working).
    /// </summary>
    public bool StableApiPort { get; set; }

    /// <summary>The API port a new data folder takes when it is free (0: one of the folder's own block).</summary>
    public int NewFolderApiPort { get; set; }

    /// <summary>The durable backend.</summary>
    public DurableBackendKind Backend { get; set; } = DurableBackendKind.AzureStorage;

    /// <summary>
    /// Where Azurite persists its data; null keeps it in memory (the default). Azurite writes its table store as a
    /// single JSON document, which node cannot write past about 500 MB (some half a million registry rows), so large
    /// demos run in memory. Either way, an Azurite started here outlives a killed <c>notify</c>, and the next run on
    /// the same data folder adopts it and resumes the killed run's sends.
    /// </summary>
    public string? AzuriteDataDirectory { get; set; }

    /// <summary>A storage connection string to use instead of starting Azurite.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>
    /// A <c>client-config.json</c> written by <c>notify gateways</c>, to push to gateways running in another process
    /// (their records survive this one). Null runs the gateways in this process.
    /// </summary>
    public string? GatewayConfigFile { get; set; }

    /// <summary>Extra latency of every push at the in-process loopback gateways (a slower send to watch or interrupt).</summary>
    public TimeSpan GatewayLatency { get; set; }

    /// <summary>Use the Fcm:* and Apns:* settings as configured (real services) instead of loopback gateways.</summary>
    public bool ConfiguredGateways { get; set; }

    /// <summary>Chunks sent at once.</summary>
    public int MaxConcurrentActivities { get; set; } = 16;

    /// <summary>Start a send whenever a file lands in the batches container (<c>notify serve</c>).</summary>
    public bool WatchBatches { get; set; }

    /// <summary>Run the cohort campaigns on their schedules (<c>notify serve</c>).</summary>
    public bool RunCohortTimers { get; set; }

    /// <summary>
    /// How long a dequeued orchestration message stays invisible: a killed host's orchestrations resume after this.
    /// Its partition leases last as long (10-60 s), so another process on the task hub takes its partitions then.
    /// </summary>
    public TimeSpan ControlQueueVisibility { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a dequeued activity stays invisible without renewal: a killed host's chunks resume after this.
    /// Running activities are renewed every third of it, so it need not outlast the longest one.
    /// </summary>
    public TimeSpan WorkItemQueueVisibility { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Minimum level of the console log.</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Warning;

    /// <summary>More log providers for the web host (tests read what the host logs).</summary>
    public Action<Microsoft.Extensions.Logging.ILoggingBuilder>? ConfigureLogging { get; set; }

}
