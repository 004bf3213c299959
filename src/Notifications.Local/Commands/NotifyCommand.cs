using System.CommandLine;
using Notifications.Local.Benchmarks;

namespace Notifications.Local.Commands;

/// <summary>The <c>notify</c> command line.</summary>
internal static class NotifyCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("notify: the Notifications campaign-push engine on this machine")
        {
            DemoCommand.Create(),
            SendCommand.Create(),
            ServeCommand.Create(),
            WorkerCommand.Create(),
            CohortsCommand.Create(),
            GatewaysCommand.Create(),
            CreateBench(),
        };
        return root;
    }

    private static Command CreateBench()
    {
        var devices = new Option<int>("--devices") { Description = "Pushes to send (half FCM, half APNs)", DefaultValueFactory = _ => 200_000 };
        var parallel = new Option<int>("--parallel-chunks") { Description = "Chunks of 500 in flight at once", DefaultValueFactory = _ => 4 };
        var delivery = new Command("delivery", "Send N pushes through the real clients to the loopback gateways and print the rate") { devices, parallel };
        delivery.SetAction((parse, ct) => DeliveryBenchmark.RunAsync(parse.GetValue(devices), parse.GetValue(parallel), Console.Out, ct));
        return new Command("bench", "Benchmarks whose figures go into docs/performance.md") { delivery };
    }
}
