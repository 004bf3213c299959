using System.CommandLine;
using Notifications.Local.Hosting;

namespace Notifications.Local.Commands;

/// <summary><c>notify send &lt;file&gt;</c>: run a batch file through the local host.</summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The batch file (JSON, see docs/batch-format.md)" };
        var name = new Option<string?>("--name") { Description = "Blob name in the batches container (default: the file name)" };
        var host = new HostOptions();
        var command = new Command("send", "Upload a batch file, send it with a live progress bar, print the summary line; rerun after a crash to resume") { file, name };
        host.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"no such file: {path.FullName}");
                return 2;
            }

            await using var local = await LocalHost.StartAsync(host.Read(parse), Console.WriteLine, ct);
            return await BatchRunner.RunAsync(local, parse.GetValue(name) ?? path.Name, path.FullName, Console.Out, ct);
        });
        return command;
    }
}
