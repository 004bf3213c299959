using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Api;
using Notifications.Core.Devices;
using Notifications.Local.Demo;
using Notifications.Local.Hosting;

namespace Notifications.Local.Commands;

/// <summary><c>notify serve</c>: the local host with its HTTP API, pages and the batches-container watcher, until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int?>("--port") { Description = "HTTP port of the API, kept as the data folder's (default: the folder's; for the default folder 7071 when free at its first use)" };
        var users = new Option<int>("--demo-users")
        {
            Description = "When the data folder has no analytics data set yet: seed this many demo users (devices and DuckDB) so the request form has people to query",
            DefaultValueFactory = _ => 10_000,
        };
        var host = new HostOptions();
        var command = new Command("serve", "Run the local host: HTTP API, request form and mailbox on 127.0.0.1, a send for every file dropped in the batches container")
        {
            port, users,
        };
        host.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var options = host.Read(parse, parse.GetValue(port) ?? 0, serve: true);
            options.NotReadyAtStart = "seeding the demo data";
            await using var local = await LocalHost.StartAsync(options, Console.WriteLine, ct);
            var n = parse.GetValue(users);
            if (!File.Exists(local.AnalyticsDatabase) && n > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeding {n:N0} demo users; /api/health answers 503 until they are ready"));
                var now = TimeProvider.System.GetUtcNow();
                await DemoData.SeedAsync(local.Services.GetRequiredService<IDeviceRegistry>(), n, invalidPermille: 30, now, _ => { }, ct);
                await DemoData.SeedTestPhonesAsync(local.Services.GetRequiredService<IDeviceRegistry>(), now, ct);
                await AnalyticsData.GenerateAsync(local.AnalyticsDatabase, n, DateOnly.FromDateTime(now.UtcDateTime), ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo data: {n:N0} users in the device registry and {local.AnalyticsDatabase}"));
            }

            local.Services.GetRequiredService<HostReadiness>().Ready();
            Console.WriteLine($"home: {local.ApiUrl}   request form: {local.ApiUrl}campaigns/new   sends: {local.ApiUrl}batches   mailbox: {local.ApiUrl}mailbox");
            Console.WriteLine("signed in as the development user (Identity:DevelopmentUserEmail); send X-MS-CLIENT-PRINCIPAL to act as someone else, as App Service would");
            if (local.Gateways is { } gateways)
            {
                Console.WriteLine($"app-user tokens for POST api/devices/register: POST {gateways.AppUsers.Issuer}token {{\"userId\":\"...\"}} (loopback issuer; CA in the data folder's secrets/gateways)");
            }

            Console.WriteLine($"api: {local.ApiUrl}api/health  (POST api/campaigns, GET api/campaigns/{{id}}[/audit], POST api/batches, GET api/batches, GET api/batches/{{id}}, POST api/batches/{{id}}/cancel|resume, POST api/devices/register|unregister, POST api/events, GET api/cohorts, POST api/cohorts/{{id}}/runs, GET api/cohorts/{{id}}/runs/{{date}}, GET api/cohorts/{{id}}/readout)");
            Console.WriteLine("watching the batches container and running the cohort schedules; Ctrl+C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }

            return 0;
        });
        return command;
    }
}
