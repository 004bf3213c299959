using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Devices;
using Notifications.Local.Demo;
using Notifications.Local.Hosting;

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
        var host = new HostOptions();
        var command = new Command("demo", "Seed N users with Android and iOS devices, write a batch file, send it with a progress bar, print the summary line")
        {
            users, invalid, campaign, adhoc,
        };
        host.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(users);
            if (n < 1)
            {
                Console.Error.WriteLine("--users must be at least 1");
                return 2;
            }

            var options = host.Read(parse);
            await using var local = await LocalHost.StartAsync(options, Console.WriteLine, ct);
            var now = TimeProvider.System.GetUtcNow();
            var seed = Stopwatch.StartNew();
            Console.WriteLine($"seeding {n:N0} users into the device registry...");
            await DemoData.SeedAsync(local.Services.GetRequiredService<IDeviceRegistry>(), n, parse.GetValue(invalid), now,
                done => Console.WriteLine($"  {done:N0} users"), ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded in {seed.Elapsed.TotalSeconds:F1}s"));
            if (parse.GetValue(adhoc))
            {
                var analytics = Stopwatch.StartNew();
                await AnalyticsData.GenerateAsync(local.AnalyticsDatabase, n, DateOnly.FromDateTime(now.UtcDateTime), ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"analytics data set: {local.AnalyticsDatabase} ({analytics.Elapsed.TotalSeconds:F1}s)"));
                return await AdHocDemo.RunAsync(local, Console.Out, ct);
            }

            var id = parse.GetValue(campaign) ?? $"demo-{now:yyyyMMdd-HHmmss}-{n}";
            var path = Path.Combine(Path.GetFullPath(options.DataDirectory), $"{id}.json");
            await DemoData.WriteBatchFileAsync(path, id, n, ct);
            Console.WriteLine($"batch file: {path} ({new FileInfo(path).Length / 1024:N0} KiB)");
            return await BatchRunner.RunAsync(local, $"demo/{id}.json", path, Console.Out, ct);
        });
        return command;
    }
}
