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

    /// <summary>
    /// Where Azurite persists its data; null keeps it in memory (the default). Azurite writes its table store as a
    /// single JSON document, which node cannot write past about 500 MB (some half a million registry rows), so large
    /// demos run in memory. Either way, an Azurite started here outlives a crashed <c>notify</c>, and the next run
    /// reuses it and resumes the crashed run's sends.
    /// </summary>
    public string? AzuriteDataDirectory { get; set; }

    /// <summary>When Azurite is started here, give the device registry an Azurite of its own.</summary>
    public bool SeparateRegistryStorage { get; set; } = true;

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

    /// <summary>Run as a service (<c>notify serve</c>): start a send whenever a file lands in the batches container, and run the cohort timers.</summary>
    public bool WatchBatches { get; set; }

    /// <summary>
    /// How long a dequeued orchestration message stays invisible: a killed host's orchestrations resume after this.
    /// </summary>
    public TimeSpan ControlQueueVisibility { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a dequeued activity stays invisible without renewal: a killed host's chunks resume after this.
    /// Running activities are renewed every third of it, so it need not outlast the longest one.
    /// </summary>
    public TimeSpan WorkItemQueueVisibility { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Run the local mail sink and send email to it (otherwise the Email:* settings are used as configured).</summary>
    public bool UseMailSink { get; set; } = true;

    /// <summary>SMTP port of the mail sink (0 = any free port).</summary>
    public int MailSinkPort { get; set; }

    /// <summary>Run audience queries on the local DuckDB data set (otherwise the Audience:* settings are used).</summary>
    public bool UseLocalAnalytics { get; set; } = true;

    /// <summary>The designated approver of local runs (email, name, user id); more come from configuration.</summary>
    public (string Email, string Name, string UserId) Approver { get; set; } = ("approver@social.example", "Ada Approver", "demo-approver");

    /// <summary>Minimum level of the console log.</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Warning;

    /// <summary>Extra settings (key = value), applied last.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();
}
