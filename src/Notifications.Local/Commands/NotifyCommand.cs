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
        var gatewaysConfig = new Option<string?>("--gateways-config") { Description = "client-config.json of 'notify gateways' already running (default: the bench starts them in a child process)" };
        var inProcess = new Option<bool>("--in-process-gateways") { Description = "Run the gateways in this process: CPU and allocation figures then include theirs" };
        var baseline = new Option<bool>("--baseline") { Description = "First run a plain HttpClient loop (same mix, bodies and in-flight bound) against the same gateways" };
        var latency = new Option<int>("--latency-ms") { Description = "The gateways the bench starts answer each push after this many milliseconds", DefaultValueFactory = _ => 0 };
        var delivery = new Command("delivery", "Send N pushes through the real clients to the loopback gateways and print the rate")
        {
            devices, parallel, gatewaysConfig, inProcess, baseline, latency,
        };
        delivery.SetAction((parse, ct) => DeliveryBenchmark.RunAsync(
            new DeliveryBenchmarkOptions
            {
                Devices = parse.GetValue(devices),
                ParallelChunks = parse.GetValue(parallel),
                GatewaysConfig = parse.GetValue(gatewaysConfig),
                GatewaysInProcess = parse.GetValue(inProcess),
                Baseline = parse.GetValue(baseline),
                LatencyMs = parse.GetValue(latency),
            },
            Console.Out,
            ct));
        var pushes = new Option<int>("--pushes") { Description = "Pushes whose message is looked up or rendered", DefaultValueFactory = _ => 1_000_000 };
        var valueSets = new Option<int>("--value-sets") { Description = "Distinct sets of user values the personal run cycles through", DefaultValueFactory = _ => 1_000 };
        var render = new Command("render", "What personal messages cost the chunk sender: N pushes plain, personal with K value sets, and personal with no two alike")
        {
            pushes, valueSets,
        };
        render.SetAction((parse, _) => RenderBenchmark.RunAsync(parse.GetValue(pushes), parse.GetValue(valueSets), Console.Out));
        var reviewUsers = new Option<int>("--users") { Description = "Audience rows the review inspects", DefaultValueFactory = _ => 1_000_000 };
        var review = new Command("review", "What the approvers' review costs a campaign's draft (value checks, counts, sample, digest) and its send (the digest)")
        {
            reviewUsers,
        };
        review.SetAction((parse, _) => ReviewBenchmark.RunAsync(parse.GetValue(reviewUsers), Console.Out));
        return new Command("bench", "Benchmarks whose figures go into docs/performance.md") { delivery, render, review };
    }
}
