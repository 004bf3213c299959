using System.CommandLine;
using System.Globalization;
using Notifications.Local.Folders;
using Notifications.Local.Hosting;
using Notifications.Local.Workers;

namespace Notifications.Local.Commands;

/// <summary>
/// <c>notify worker</c>: join the task hub of a data folder whose host runs, and run its orchestrations and
/// activities until Ctrl+C (or, with <c>--attached</c>, until standard input closes).
/// </summary>
internal static class WorkerCommand
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create()
    {
        var id = new Option<string?>("--id") { Description = "This worker's name on the task hub and in <data>/workers/<id>.json (letters, digits, '-'; default worker-<pid>)" };
        var attached = new Option<bool>("--attached") { Description = "Also stop when standard input closes (how 'notify demo --workers' runs its workers, so they never outlive it)" };
        var host = new HostOptions();
        var command = new Command("worker", "Join the task hub of a data folder whose host (serve, demo, send) runs, and run its orchestrations and activities; no API, no Azurite")
        {
            id, attached,
        };
        host.AddTo(command, startsAzurite: false);
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(id) ?? string.Create(CultureInfo.InvariantCulture, $"worker-{Environment.ProcessId}");
            if (!WorkerReport.IsValidId(name))
            {
                Console.Error.WriteLine("--id: letters, digits and '-' only, at most 32 characters");
                return 2;
            }

            var options = host.Read(parse);
            options.StorageConnectionString ??= Environment.GetEnvironmentVariable("NOTIFY_Storage__ConnectionString");
            var data = Path.GetFullPath(options.DataDirectory);
            if (WorkerReport.Read(data, name) is { } other && !other.Process.IsCurrent() && other.Process.IsRunning())
            {
                throw new LocalFolderException(string.Create(CultureInfo.InvariantCulture,
                    $"data folder {data}: worker {name} already runs (pid {other.Process.Id}); give this one another --id"));
            }

            using var times = new ActivityTimes();
            await using var worker = await LocalWorker.StartAsync(options, name, ct);
            using var unrecorded = UnrecordedFile.Publish(data, name);
            var self = ProcessStamp.Current();
            var reported = 0L;
            new WorkerReport(name, self, reported).Write(data);
            Console.WriteLine($"worker {name}: joined task hub {worker.TaskHub} of {data}; Ctrl+C stops");

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (parse.GetValue(attached))
            {
                StopAtEndOfInput(stop);
            }

            try
            {
                while (true)
                {
                    await Task.Delay(ReportInterval, stop.Token);
                    if (worker.ActivitiesCompleted != reported)
                    {
                        reported = worker.ActivitiesCompleted;
                        new WorkerReport(name, self, reported, times.Longest.Seconds).Write(data);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C, SIGTERM, or the end of standard input.
            }

            new WorkerReport(name, self, worker.ActivitiesCompleted, times.Longest.Seconds).Write(data);
            Console.WriteLine($"worker {name}: ran {worker.ActivitiesCompleted} activities; stopping");
            return 0;
        });
        return command;
    }

    /// <summary>Cancels <paramref name="stop"/> when standard input ends: the parent closed it, or died.</summary>
    private static void StopAtEndOfInput(CancellationTokenSource stop)
    {
        var reader = new Thread(() =>
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (input.Read(buffer) > 0)
            {
            }

            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Stopped for another reason first.
            }
        })
        {
            IsBackground = true,
            Name = "stdin watch",
        };
        reader.Start();
    }
}
