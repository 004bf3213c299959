using System.Text;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// Local scratch files for planning: the audience is hash-partitioned into buckets on disk so that de-duplicating
/// users and devices needs only one bucket in memory at a time, whatever the size of the list.
/// </summary>
internal sealed class PlanScratch : IDisposable
{
    private readonly string _directory;
    private readonly StreamWriter?[] _writers;

    public PlanScratch(string kind, int buckets)
    {
        _directory = Directory.CreateTempSubdirectory($"notify-plan-{kind}-").FullName;
        _writers = new StreamWriter?[buckets];
    }

    public int Buckets => _writers.Length;

    public void Write(ulong hash, string line)
    {
        var bucket = (int)(hash % (ulong)_writers.Length);
        var writer = _writers[bucket] ??= new StreamWriter(Path.Combine(_directory, $"{bucket}.tsv"), append: false, new UTF8Encoding(false), 16 * 1024);
        writer.Write(line);
        writer.Write('\n');
    }

    /// <summary>Closes the writers; buckets can then be read.</summary>
    public void CompleteWriting()
    {
        for (var i = 0; i < _writers.Length; i++)
        {
            _writers[i]?.Dispose();
        }
    }

    /// <summary>The lines of one bucket.</summary>
    public IEnumerable<string> Read(int bucket)
    {
        var path = Path.Combine(_directory, $"{bucket}.tsv");
        return _writers[bucket] is null ? [] : File.ReadLines(path);
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
