using System.Security.Cryptography;
using System.Text.Json;

namespace Notifications.Local.Folders;

/// <summary>
/// A <c>--data</c> folder's identity on this machine: its <see cref="LocalFolderState"/> in <c>local.json</c>, read and
/// written under a lock file so that two processes starting on one folder take turns.
/// </summary>
internal sealed class LocalFolder : IDisposable
{
    public const string StateFileName = "local.json";

    /// <summary>The most partitions the Azure Storage provider allows: the most processes that can share the orchestrations.</summary>
    public const int PartitionCount = 16;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly FileStream _lock;
    private readonly Lock _saving = new();

    private LocalFolder(string directory, LocalFolderState state, FileStream lockFile, bool isPrimary)
    {
        Directory = directory;
        State = state;
        _lock = lockFile;
        IsPrimary = isPrimary;
    }

    /// <summary>The folder (full path).</summary>
    public string Directory { get; }

    public LocalFolderState State { get; }

    /// <summary>
    /// Whether this process is the folder's host, owning its Azurites; false while another <c>notify</c> that
    /// owns them still runs on the folder (this one then shares them and leaves them running).
    /// </summary>
    public bool IsPrimary { get; }

    /// <summary>
    /// Opens <paramref name="directory"/> for a host, creating its state on first use, and holds its lock until
    /// disposed. A new folder gets <paramref name="apiPort"/> as its API port when that is free, else one of its block.
    /// </summary>
    public static async Task<LocalFolder> OpenAsync(string directory, int apiPort, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(full);
        var lockFile = await LockAsync(full, cancellationToken);
        try
        {
            var state = Read(full) ?? Create(apiPort);
            var primary = state.Host is not { } host || host.IsCurrent() || !host.IsRunning();
            if (primary)
            {
                state.Host = ProcessStamp.Current();
            }

            var folder = new LocalFolder(full, state, lockFile, primary);
            folder.Save();
            return folder;
        }
        catch
        {
            await lockFile.DisposeAsync();
            throw;
        }
    }

    /// <summary>The state of <paramref name="directory"/> as last saved, or null when no host ever ran on it.</summary>
    public static LocalFolderState? Read(string directory)
    {
        var path = Path.Combine(Path.GetFullPath(directory), StateFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<LocalFolderState>(File.ReadAllText(path), Json) is { TaskHub.Length: > 0 } state
                ? state
                : throw new LocalFolderException($"{path} has no task hub; delete it to start the folder afresh");
        }
        catch (JsonException ex)
        {
            // Where, not what: the file is ours, but its text is not echoed.
            throw new LocalFolderException($"{path} is not valid JSON (line {ex.LineNumber + 1}); delete it to start the folder afresh", ex);
        }
    }

    /// <summary>Writes the state (whole, through a temporary file, so a reader never sees half of it).</summary>
    public void Save()
    {
        var path = Path.Combine(Directory, StateFileName);
        var temporary = path + ".tmp";
        lock (_saving)
        {
            File.WriteAllText(temporary, JsonSerializer.Serialize(State, Json));
            File.Move(temporary, path, overwrite: true);
        }
    }

    public void Dispose() => _lock.Dispose();

    private static LocalFolderState Create(int apiPort)
    {
        // One block: the task-hub Azurite, the registry Azurite, the API.
        var first = PortBlocks.Pick(7);
        var state = new LocalFolderState
        {
            TaskHub = "notify" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
            PartitionCount = PartitionCount,
            ApiPort = apiPort > 0 && PortBlocks.IsFree(apiPort) ? apiPort : first + 6,
        };
        state.Azurite.MoveTo(first);
        state.Registry.MoveTo(first + 3);
        return state;
    }

    private static async Task<FileStream> LockAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "local.lock");

        // Another process may be starting on this folder (installing Azurite on first use takes a while).
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 1200)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (IOException ex)
            {
                throw new LocalFolderException($"data folder {directory}: another notify has held {path} for two minutes", ex);
            }
        }
    }
}
