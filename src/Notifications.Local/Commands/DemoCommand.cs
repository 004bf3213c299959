using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Batches;
using Notifications.Core.Devices;
using Notifications.Local.Demo;
using Notifications.Local.Folders;
using Notifications.Local.Hosting;
using Notifications.Local.Workers;

namespace Notifications.Local.Commands;

/// <summary><c>notify demo --users N</c>: the main job end to end on embedded defaults.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var users = new Option<int>("--users") { Description = "Users to seed and target", DefaultValueFactory = _ => 10_000 };
        var invalid = new Option<int>("--invalid-permille") { Description = "Tokens per thousand that the gateways report unregistered", DefaultValueFactory = _ => 30 };
        var campaign = new Option<string?>("--campaign") { Description = "Campaign id (default: demo-<time>)" };
        var adhoc = new Option<bool>("--adhoc") { Description = "Run the ad-hoc flow: request -> approval email -> signed approve link -> send" };
        var workers = new Option<int>("--workers")
        {
            Description = "Processes running the send on one task hub: this one plus K-1 'notify worker' children on the same data folder",
            DefaultValueFactory = _ => 1,
        };
        var killAt = new Option<int?>("--kill-worker-at")
        {
            Description = "SIGKILL one worker child once this percentage of the devices has an outcome (needs --workers 2 or more; --resume-after defaults to 10s)",
        };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Send the demo campaign this many times in one process, as separate campaigns (<id>-run1, -run2, …): the frequency cap shows on the later ones",
            DefaultValueFactory = _ => 1,
        };
        var latency = new Option<int>("--gateway-latency-ms") { Description = "Extra latency of every push at the loopback gateways", DefaultValueFactory = _ => 0 };
        var host = new HostOptions();
        var command = new Command("demo", "Seed N users with Android and iOS devices, write a batch file, send it with a progress bar, print the summary line")
        {
            users, invalid, campaign, adhoc, workers, killAt, latency, repeat,
        };
        host.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(users);
            var k = parse.GetValue(workers);
            var kill = parse.GetValue(killAt);
            var runs = parse.GetValue(repeat);
            if ((runs is < 1 or > 10 ? "--repeat must be from 1 to 10"
                    : runs > 1 && (parse.GetValue(adhoc) || kill is not null) ? "--repeat works on the demo's own send, not with --adhoc or --kill-worker-at"
                    : Problem(n, k, kill, parse.GetValue(adhoc), parse.GetValue(host.Backend), parse.GetValue(latency))) is { } problem)
            {
                Console.Error.WriteLine(problem);
                return 2;
            }

            var options = host.Read(parse);
            options.GatewayLatency = TimeSpan.FromMilliseconds(parse.GetValue(latency));
            if (kill is not null && parse.GetValue(host.ResumeAfter) is null)
            {
                // The killed worker's locked chunks come back after this; the default 30 s is long to watch.
                options.ControlQueueVisibility = options.WorkItemQueueVisibility = TimeSpan.FromSeconds(10);
            }

            await using var local = await LocalHost.StartAsync(options, Console.WriteLine, ct);
            await using var workerSet = await SeedWhileWorkersStartAsync(local, k, options, n, parse.GetValue(invalid), ct);
            var now = TimeProvider.System.GetUtcNow();
            if (parse.GetValue(adhoc))
            {
                var analytics = Stopwatch.StartNew();
                await AnalyticsData.GenerateAsync(local.AnalyticsDatabase, n, DateOnly.FromDateTime(now.UtcDateTime), ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"analytics data set: {local.AnalyticsDatabase} ({analytics.Elapsed.TotalSeconds:F1}s)"));
                return await AdHocDemo.RunAsync(local, Console.Out, ct, () => ReportWorkers(local, workerSet));
            }

            var baseId = parse.GetValue(campaign) ?? $"demo-{now:yyyyMMdd-HHmmss}-{n}";
            var exit = 0;
            for (var run = 1; run <= runs; run++)
            {
                // Each run its own campaign: one campaign never counts against itself, two do.
                var id = runs == 1 ? baseId : string.Create(CultureInfo.InvariantCulture, $"{baseId}-run{run}");
                var path = Path.Combine(local.DataDirectory, $"{id}.json");
                await DemoData.WriteBatchFileAsync(path, id, n, ct);
                Console.WriteLine($"batch file: {path} ({new FileInfo(path).Length / 1024:N0} KiB)");
                exit = Math.Max(exit, await BatchRunner.RunAsync(local, $"demo/{id}.json", path, Console.Out, ct,
                    onStatus: workerSet is null || kill is null ? null : KillOnceAt(local, workerSet, kill.Value),
                    beforeSummary: () => ReportWorkers(local, workerSet)));
            }

            return exit;
        });
        return command;
    }

    private static string? Problem(int users, int workers, int? killAt, bool adhoc, DurableBackendKind backend, int latencyMs) =>
        users < 1 ? "--users must be at least 1"
        : workers is < 1 or > 16 ? "--workers must be 1 to 16 (the task hub's partitions)"
        : workers > 1 && backend != DurableBackendKind.AzureStorage ? "--workers needs the AzureStorage backend: the processes share its task hub"
        : killAt is not null && workers < 2 ? "--kill-worker-at needs --workers 2 or more: it kills a worker child, never this process"
        : killAt is < 1 or > 99 ? "--kill-worker-at must be a percentage from 1 to 99"
        : killAt is not null && adhoc ? "--kill-worker-at works on the demo's own send, not with --adhoc"
        : latencyMs < 0 ? "--gateway-latency-ms must not be negative"
        : null;

    private static async Task SeedAsync(LocalHost local, int n, int invalidPermille, CancellationToken cancellationToken)
    {
        var seed = Stopwatch.StartNew();
        Console.WriteLine($"seeding {n:N0} users into the device registry...");
        await DemoData.SeedAsync(local.Services.GetRequiredService<IDeviceRegistry>(), n, invalidPermille, TimeProvider.System.GetUtcNow(),
            done => { if (done % 100_000 == 0 || done == n) { Console.WriteLine($"  {done:N0} users"); } }, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded in {seed.Elapsed.TotalSeconds:F1}s"));
    }

    /// <summary>
    /// Seeds the registry while the worker children start (they join the task hub meanwhile); when either fails,
    /// the children that did start are stopped.
    /// </summary>
    private static async Task<WorkerChildren?> SeedWhileWorkersStartAsync(
        LocalHost local, int workers, LocalHostOptions options, int n, int invalidPermille, CancellationToken cancellationToken)
    {
        async Task<WorkerChildren?> StartAsync() =>
            workers > 1 ? await WorkerChildren.StartAsync(local, workers - 1, options, Console.WriteLine, cancellationToken) : null;

        var starting = StartAsync();
        try
        {
            await SeedAsync(local, n, invalidPermille, cancellationToken);
        }
        catch
        {
            try
            {
                if (await starting is { } started)
                {
                    await started.DisposeAsync();
                }
            }
            catch (Exception ex) when (ex is LocalFolderException or TimeoutException or InvalidOperationException)
            {
                // The seeding's failure is the one to report.
            }

            throw;
        }

        return await starting;
    }

    private static Action<BatchStatus> KillOnceAt(LocalHost local, WorkerChildren children, int percent)
    {
        var killed = false;
        return status =>
        {
            // Shards plan while others send, so until the last is planned the total is estimated from those planned.
            var c = status.Counts;
            var done = c.Sent + c.Invalid + c.Rejected + c.Failed;
            var devices = status.IsPlanned ? status.Devices : status.Devices * status.Shards / Math.Max(1, status.ShardsPlanned);
            if (killed || devices <= 0 || done * 100 < (long)percent * devices)
            {
                // Each progress poll (1 s) starts a new window, so the peak at the kill covers the last second.
                local.Gateways?.Recorder.TakeWindowPeak();
                return;
            }

            killed = true;
            var inFlight = local.Gateways?.Recorder.InFlight;
            var peak = local.Gateways?.Recorder.TakeWindowPeak();
            if (children.KillOne() is { } victim)
            {
                // What a kill can cost: the killed worker's pushes on the wire, and those answered but not yet in the
                // ledger, as its mapped file held them when it died (at_risk). The gateways' own count covers every
                // process, for comparison.
                var risk = children.Unrecorded(victim.Id);
                var atRisk = risk is { } r
                    ? string.Create(CultureInfo.InvariantCulture, $"at_risk={r.OnWire + r.Unstored} (on_wire={r.OnWire} answered_unstored={r.Unstored})")
                    : "at_risk=unknown";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"worker {victim.Id}: killed (SIGKILL, pid {victim.ProcessId}) at {100.0 * done / devices:F0}% of devices, {status.ShardsPlanned} of {status.Shards} shards planned; {atRisk} in it; gateways: in_flight={inFlight?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} (in_flight_peak={peak?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} over the last second) from every process; its locked work comes back after the queue visibility"));
            }
        };
    }

    /// <summary>Stops the worker children and prints how many activities each process ran, this one first.</summary>
    private static void ReportWorkers(LocalHost local, WorkerChildren? children)
    {
        var counts = new List<long> { local.ActivitiesCompleted };
        if (children is not null)
        {
            counts.AddRange(children.StopAndCountAsync().GetAwaiter().GetResult());
        }

        // The timing line's max_activity is this process's; each child reports its own longest here.
        var longest = children is null ? "" : " longest_activity_s=" + string.Join(',', children.LongestActivities().Select(s => s.ToString("F1", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workers: count={counts.Count} activities={string.Join(',', counts)}{longest}"));
    }
}
