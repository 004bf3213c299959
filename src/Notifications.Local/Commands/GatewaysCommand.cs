using System.CommandLine;
using Notifications.Gateways;
using Notifications.Gateways.Recording;

namespace Notifications.Local.Commands;

/// <summary><c>notify gateways</c>: run the loopback gateways standalone until Ctrl+C.</summary>
internal static class GatewaysCommand
{
    public static Command Create()
    {
        var fcmPort = new Option<int>("--fcm-port") { Description = "FCM v1 port (0 = any free port)", DefaultValueFactory = _ => 0 };
        var oauthPort = new Option<int>("--oauth-port") { Description = "OAuth token endpoint port", DefaultValueFactory = _ => 0 };
        var apnsPort = new Option<int>("--apns-port") { Description = "APNs port", DefaultValueFactory = _ => 0 };
        var records = new Option<string?>("--records") { Description = "Append every accepted push to this file (tab-separated)" };
        var clientDir = new Option<string>("--client-files") { Description = "Where to write the CA, service-account and .p8 files for clients", DefaultValueFactory = _ => Path.Combine(".notify", "gateways") };
        var failEvery = new Option<int>("--fail-every") { Description = "Answer every Nth push with 503 (0 = never)", DefaultValueFactory = _ => 0 };
        var latency = new Option<int>("--latency-ms") { Description = "Extra latency per push response", DefaultValueFactory = _ => 0 };
        var command = new Command("gateways", "Run the loopback FCM, OAuth and APNs gateways and print their URLs")
        {
            fcmPort, oauthPort, apnsPort, records, clientDir, failEvery, latency,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new LoopbackGatewayOptions
            {
                FcmPort = parse.GetValue(fcmPort),
                OAuthPort = parse.GetValue(oauthPort),
                ApnsPort = parse.GetValue(apnsPort),
                RecordsFile = parse.GetValue(records),
                Recording = RecordingMode.Compact,
                FailEveryNth = parse.GetValue(failEvery),
                Latency = TimeSpan.FromMilliseconds(parse.GetValue(latency)),
            };
            await using var gateways = await LoopbackGateways.StartAsync(options, ct);
            var directory = Path.GetFullPath(parse.GetValue(clientDir)!);
            var config = gateways.WriteClientConfiguration(directory);
            var configFile = Path.Combine(directory, "client-config.json");
            await File.WriteAllTextAsync(configFile, System.Text.Json.JsonSerializer.Serialize(config), ct);
            Console.WriteLine($"fcm:   {gateways.Fcm.BaseUrl}v1/projects/{options.ProjectId}/messages:send");
            Console.WriteLine($"oauth: {gateways.OAuth.TokenUri}");
            Console.WriteLine($"apns:  {gateways.Apns.BaseUrl}3/device/{{token}}");
            Console.WriteLine($"client configuration: {configFile} (notify send --gateways-config {configFile}), or as environment variables:");
            foreach (var (key, value) in config)
            {
                Console.WriteLine($"  NOTIFY_{key.Replace(":", "__", StringComparison.Ordinal)}={value}");
            }

            Console.WriteLine("Ctrl+C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }

            Console.WriteLine($"accepted {gateways.Recorder.Accepted} pushes ({gateways.Recorder.Duplicates} duplicates)");
            return 0;
        });
        return command;
    }
}
