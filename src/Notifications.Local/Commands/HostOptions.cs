using System.CommandLine;
using Notifications.Local.Hosting;

namespace Notifications.Local.Commands;

/// <summary>The options every command that runs the local host takes.</summary>
internal sealed class HostOptions
{
    public Option<string> Data { get; } = new("--data")
    {
        Description = "Folder for local files; it keeps its own Azurite ports, API port and task hub in local.json, so runs on two folders never meet",
        DefaultValueFactory = _ => ".notify",
    };

    public Option<DurableBackendKind> Backend { get; } = new("--backend") { Description = "Durable backend: AzureStorage (on Azurite, survives restarts) or InMemory", DefaultValueFactory = _ => DurableBackendKind.AzureStorage };

    public Option<string?> AzuriteData { get; } = new("--azurite-data") { Description = "Persist Azurite's data in this folder (default: in memory; fine up to a few hundred thousand users)" };

    public Option<string?> Storage { get; } = new("--storage") { Description = "Storage connection string to use instead of starting Azurite" };

    public Option<string?> GatewaysConfig { get; } = new("--gateways-config") { Description = "client-config.json written by 'notify gateways' (gateways in another process)" };

    public Option<bool> RealGateways { get; } = new("--configured-gateways") { Description = "Use the Fcm:* and Apns:* settings from the environment (NOTIFY_Fcm__...) instead of loopback gateways" };

    public Option<int> Activities { get; } = new("--activities") { Description = "Chunks sent at once", DefaultValueFactory = _ => 16 };

    public Option<TimeSpan?> ResumeAfter { get; } = new("--resume-after")
    {
        Description = "How long work taken by a killed host stays locked before a restarted one resumes it (queue visibility; default 30s)",
    };

    public Option<Microsoft.Extensions.Logging.LogLevel> LogLevel { get; } = new("--log-level") { Description = "Console log level", DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Warning };

    /// <summary>Adds the options to <paramref name="command"/>; <c>--azurite-data</c> only where the command starts Azurite.</summary>
    public void AddTo(Command command, bool startsAzurite = true)
    {
        command.Options.Add(LogLevel);
        command.Options.Add(ResumeAfter);
        command.Options.Add(Data);
        command.Options.Add(Backend);
        command.Options.Add(Storage);
        if (startsAzurite)
        {
            command.Options.Add(AzuriteData);
        }

        command.Options.Add(GatewaysConfig);
        command.Options.Add(RealGateways);
        command.Options.Add(Activities);
    }

    public LocalHostOptions Read(ParseResult parse, int httpPort = 0, bool serve = false)
    {
        var resume = parse.GetValue(ResumeAfter);
        return new LocalHostOptions
        {
            DataDirectory = parse.GetValue(Data)!,
            Backend = parse.GetValue(Backend),
            StorageConnectionString = parse.GetValue(Storage),
            AzuriteDataDirectory = parse.GetValue(AzuriteData),
            GatewayConfigFile = parse.GetValue(GatewaysConfig),
            ConfiguredGateways = parse.GetValue(RealGateways),
            MaxConcurrentActivities = parse.GetValue(Activities),
            HttpPort = httpPort,
            StableApiPort = serve,

            // The default folder serves where Functions' local host would; any other folder takes a port of its
            // own block, so that two new folders starting at once cannot both pick the one port.
            NewFolderApiPort = serve && parse.GetResult(Data) is null or { Implicit: true } ? 7071 : 0,
            WatchBatches = serve,
            RunCohortTimers = serve,
            LogLevel = parse.GetValue(LogLevel),
            ControlQueueVisibility = resume ?? TimeSpan.FromSeconds(30),
            WorkItemQueueVisibility = resume ?? TimeSpan.FromSeconds(30),
        };
    }
}
