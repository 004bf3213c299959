using System.CommandLine;
using Notifications.Local.Hosting;

namespace Notifications.Local.Commands;

/// <summary><c>notify serve</c>: the local host with its HTTP API and the batches-container watcher, until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP port of the API", DefaultValueFactory = _ => 7071 };
        var host = new HostOptions();
        var command = new Command("serve", "Run the local host: HTTP API on 127.0.0.1, a send for every file dropped in the batches container") { port };
        host.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            await using var local = await LocalHost.StartAsync(host.Read(parse, parse.GetValue(port), watch: true), Console.WriteLine, ct);
            Console.WriteLine($"api: {local.ApiUrl}api/health  (POST api/batches, GET api/batches/{{id}}, POST api/batches/{{id}}/cancel, POST api/devices/register|unregister)");
            Console.WriteLine("watching the batches container; Ctrl+C stops.");
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
