using System.Globalization;
using Notifications.Gateways.Emulators;

namespace Notifications.Local.Folders;

/// <summary>
/// A data folder's two Azurites (task hub and working data; device registry) on the ports the folder remembers.
/// Only an Azurite this folder started is ever used: anything else listening on its ports is foreign. A foreign
/// listener makes an in-memory Azurite move to fresh ports (it holds nothing to lose) and fails the start of a
/// persisted one (its data and task hub are reached through those ports and must not be mixed with another's).
/// </summary>
internal static class FolderAzurites
{
    /// <summary>
    /// Starts the folder's Azurites, or adopts the ones a crashed host left running, or (when another host of the
    /// folder still runs) uses that host's. Returns the processes this call owns; null entries are shared.
    /// </summary>
    public static async Task<(AzuriteProcess? Data, AzuriteProcess? Registry)> StartAsync(
        LocalFolder folder, string? location, Action<string> say, CancellationToken cancellationToken)
    {
        // The registry gets an Azurite of its own: Azurite holds everything in one node heap, and a million registry
        // rows there make every other storage call (the task hub, the ledger) pay for the garbage collector. Both
        // start at once: node takes seconds to come up.
        var data = EnsureAsync(folder, folder.State.Azurite, location, "azurite", say, cancellationToken);
        var registry = EnsureAsync(folder, folder.State.Registry, null, "azurite (device registry)", say, cancellationToken);
        try
        {
            await Task.WhenAll(data, registry);
            return (await data, await registry);
        }
        catch
        {
            foreach (var started in new[] { data, registry }.Where(t => t.IsCompletedSuccessfully))
            {
                if (await started is { } azurite)
                {
                    await azurite.DisposeAsync();
                }
            }

            throw;
        }
    }

    /// <summary>
    /// For a worker joining the folder's task hub: the connection strings of its running Azurites (task hub, registry),
    /// or a clear error when none of this folder runs.
    /// </summary>
    public static async Task<(string Data, string Registry)> ConnectAsync(string directory, LocalFolderState state)
    {
        foreach (var azurite in new[] { state.Azurite, state.Registry })
        {
            if (azurite.Process is not { } process || !process.IsRunning() || !await AzuriteProcess.AllListeningAsync(azurite.Ports))
            {
                throw new LocalFolderException(
                    $"data folder {directory}: its Azurite on {azurite.PortRange} is not running; start 'notify serve' (or demo) on the folder first, or pass --storage");
            }
        }

        return (state.Azurite.ConnectionString, state.Registry.ConnectionString);
    }

    private static async Task<AzuriteProcess?> EnsureAsync(
        LocalFolder folder, AzuriteRecord record, string? location, string name, Action<string> say, CancellationToken cancellationToken)
    {
        if (record.Process is { } process && process.IsRunning())
        {
            var answering = await AzuriteProcess.AllListeningAsync(record.Ports);
            if (!folder.IsPrimary)
            {
                return answering
                    ? Shared(folder, record, name, say)
                    : throw new LocalFolderException(
                        $"data folder {folder.Directory}: the Azurite on {record.PortRange} that notify (pid {folder.State.Host?.Id}) runs for this folder does not answer; stop that notify first");
            }

            if (answering && record.Location == location)
            {
                // Left running by a host of this folder that was killed: its data (and the sends in its task hub) live on.
                say($"{name}: adopted the one this folder's last run left on {record.PortRange}");
                return AzuriteProcess.Adopt(process.Id, record.BlobPort, record.QueuePort, record.TablePort);
            }

            // Ours, but not answering, or keeping its data elsewhere than asked now: end it and start afresh.
            await using var stale = AzuriteProcess.Adopt(process.Id, record.BlobPort, record.QueuePort, record.TablePort);
        }

        record.Process = null;
        for (var attempt = 1; ; attempt++)
        {
            var taken = await AzuriteProcess.FirstListeningAsync(record.Ports);
            if (taken is null)
            {
                try
                {
                    var azurite = await AzuriteProcess.StartAsync(location, record.BlobPort, record.QueuePort, record.TablePort, say, cancellationToken);
                    record.Process = new ProcessStamp(azurite.ProcessId, azurite.ProcessStartedAt);
                    record.Location = location;
                    folder.Save();
                    say($"{name}: started on {record.PortRange} ({(location is null ? "in memory" : "data in " + location)})");
                    return azurite;
                }
                catch (AddressInUseException)
                {
                    // Taken between the check and Azurite's bind: handled as any foreign listener below.
                    taken = record.BlobPort;
                }
            }

            if (location is not null || attempt >= 5)
            {
                throw new LocalFolderException(string.Create(CultureInfo.InvariantCulture,
                    $"data folder {folder.Directory}: port {taken} of its Azurite ({record.PortRange}) is taken by a program this folder did not start. " +
                    $"Its Azurite keeps its data in {location ?? "memory"} and is reached on these ports only: stop that program, or set other free ports in {Path.Combine(folder.Directory, LocalFolder.StateFileName)}"));
            }

            var from = record.PortRange;
            record.MoveTo(PortBlocks.Pick(3));
            folder.Save();
            say(string.Create(CultureInfo.InvariantCulture,
                $"{name}: port {taken} ({from}) is taken by a program this folder did not start; this folder's in-memory Azurite moves to {record.PortRange}"));
        }
    }

    private static AzuriteProcess? Shared(LocalFolder folder, AzuriteRecord record, string name, Action<string> say)
    {
        say($"{name}: using the one on {record.PortRange} that notify (pid {folder.State.Host?.Id}) runs for this folder");
        return null;
    }
}
