using Notifications.Core.Batches.Files;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// Local scratch files of the scan: the audience is split into buckets on disk (a bucket is one shard-to-be), so
/// checking users for repeats needs one bucket in memory at a time, whatever the size of the list.
/// </summary>
internal sealed class PlanScratch : IDisposable
{
    private readonly string _directory;
    private readonly BinaryWriter?[] _writers;
    private readonly long[] _counts;

    public PlanScratch(int buckets)
    {
        _directory = Directory.CreateTempSubdirectory("notify-scan-").FullName;
        _writers = new BinaryWriter?[buckets];
        _counts = new long[buckets];
    }

    public int Buckets => _writers.Length;

    public void Write(int bucket, in AudienceEntry entry)
    {
        var writer = _writers[bucket] ??= new BinaryWriter(new FileStream(PathOf(bucket), FileMode.Create, FileAccess.Write, FileShare.None, 16 * 1024));
        AudienceEntryCodec.Write(writer, entry);
        _counts[bucket]++;
    }

    /// <summary>Entries written to <paramref name="bucket"/>.</summary>
    public long Count(int bucket) => _counts[bucket];

    /// <summary>Closes the writers; buckets can then be read.</summary>
    public void CompleteWriting()
    {
        for (var i = 0; i < _writers.Length; i++)
        {
            _writers[i]?.Dispose();
        }
    }

    /// <summary>The file of a bucket that has entries.</summary>
    public string PathOf(int bucket) => Path.Combine(_directory, $"{bucket}.bin");

    /// <summary>The entries of one bucket, in the order they were written.</summary>
    public IEnumerable<AudienceEntry> Read(int bucket)
    {
        if (_counts[bucket] == 0)
        {
            yield break;
        }

        using var stream = File.OpenRead(PathOf(bucket));
        foreach (var entry in AudienceEntryCodec.ReadAll(stream))
        {
            yield return entry;
        }
    }

    public void Dispose()
    {
        CompleteWriting();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Temp space; the OS reclaims it.
        }
    }
}
