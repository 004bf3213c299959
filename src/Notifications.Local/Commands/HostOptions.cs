using System.CommandLine;
using Notifications.Local.Hosting;

namespace Notifications.Local.Commands;

/// <summary>The options every command that runs the local host takes.</summary>
internal sealed class HostOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "Folder for Azurite data and local files", DefaultValueFactory = _ => ".notify" };

    public Option<DurableBackendKind> Backend { get; } = new("--backend") { Description = "Durable backend: AzureStorage (on Azurite, survives restarts) or InMemory", DefaultValueFactory = _ => DurableBackendKind.AzureStorage };

    public Option<string?> Storage { get; } = new("--storage") { Description = "Storage connection string to use instead of starting Azurite" };

    public Option<string?> GatewaysConfig { get; } = new("--gateways-config") { Description = "client-config.json written by 'notify gateways' (gateways in another process)" };

    public Option<bool> RealGateways { get; } = new("--configured-gateways") { Description = "Use the Fcm:* and Apns:* settings from the environment (NOTIFY_Fcm__...) instead of loopback gateways" };

    public Option<int> Activities { get; } = new("--activities") { Description = "Chunks sent at once", DefaultValueFactory = _ => 16 };

    public Option<Microsoft.Extensions.Logging.LogLevel> LogLevel { get; } = new("--log-level") { Description = "Console log level", DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Warning };

    public void AddTo(Command command)
    {
        command.Options.Add(LogLevel);
        command.Options.Add(Data);
        command.Options.Add(Backend);
        command.Options.Add(Storage);
        command.Options.Add(GatewaysConfig);
        command.Options.Add(RealGateways);
        command.Options.Add(Activities);
    }

    public LocalHostOptions Read(ParseResult parse, int httpPort = 0, bool watch = false) => new()
    {
        DataDirectory = parse.GetValue(Data)!,
        Backend = parse.GetValue(Backend),
        StorageConnectionString = parse.GetValue(Storage),
        GatewayConfigFile = parse.GetValue(GatewaysConfig),
        ConfiguredGateways = parse.GetValue(RealGateways),
        MaxConcurrentActivities = parse.GetValue(Activities),
        HttpPort = httpPort,
        WatchBatches = watch,
        LogLevel = parse.GetValue(LogLevel),
    };
}
