using System.IO.MemoryMappedFiles;
using Notifications.Core.Delivery;

namespace Notifications.Local.Workers;

/// <summary>
/// A worker's <see cref="UnrecordedPushes"/> in <c>&lt;data&gt;/workers/&lt;id&gt;.unrecorded</c>: two 64-bit counts
/// (on the wire, answered but not stored) written through a shared mapping on every change. The kernel keeps a
/// mapped page when its process is SIGKILLed, so after a kill the file holds exactly what the worker could still
/// duplicate at its last instant, which <c>notify demo --kill-worker-at</c> compares with the gateways' duplicates.
/// </summary>
internal sealed class UnrecordedFile : IDisposable
{
    private const int Size = 2 * sizeof(long);
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;

    private UnrecordedFile(MemoryMappedFile file, MemoryMappedViewAccessor view)
    {
        _file = file;
        _view = view;
    }

    /// <summary>Publishes this process's counts to the worker's file until disposed.</summary>
    public static UnrecordedFile Publish(string data, string id)
    {
        var path = PathOf(data, id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.CreateNew, mapName: null, Size, MemoryMappedFileAccess.ReadWrite);
        var view = file.CreateViewAccessor(0, Size, MemoryMappedFileAccess.ReadWrite);
        var published = new UnrecordedFile(file, view);
        UnrecordedPushes.PublishTo(published.Write);
        return published;
    }

    /// <summary>The counts a worker last published, or null when it has not (yet).</summary>
    public static (long OnWire, long Unstored)? Read(string data, string id)
    {
        try
        {
            var bytes = File.ReadAllBytes(PathOf(data, id));
            return bytes.Length < Size ? null : (BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, sizeof(long)));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        UnrecordedPushes.PublishTo(null);
        _view.Dispose();
        _file.Dispose();
    }

    private static string PathOf(string data, string id) => Path.Combine(data, "workers", id + ".unrecorded");

    private void Write(long onWire, long unstored)
    {
        _view.Write(0, onWire);
        _view.Write(sizeof(long), unstored);
    }
}
