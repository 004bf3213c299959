using System.CommandLine;
using Notifications.Local.Commands;
using Notifications.Local.Folders;
using Notifications.Local.Runtime;

if (GcRelaunch.Needed())
{
    return await GcRelaunch.RunChildAsync(args);
}

// SIGINT and SIGTERM cancel the command, whose shutdown gets this long; then Main returns whatever it was doing and
// the Azurite children are ended at exit: the process is gone within 5 s.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(3), EnableDefaultExceptionHandler = false };
try
{
    return await NotifyCommand.Create().Parse(args).InvokeAsync(invocation);
}
catch (LocalFolderException ex)
{
    await Console.Error.WriteLineAsync($"notify: {ex.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    return 130;
}
catch (Exception ex)
{
    await Console.Error.WriteLineAsync($"notify: {ex}");
    return 1;
}
