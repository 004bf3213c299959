using Notifications.Core.Batches.Sending;

namespace Notifications.Core.Batches.Planning;

/// <summary>Fills chunks of at most <c>chunkSize</c> devices and uploads them, a few at a time.</summary>
internal sealed class ChunkBatchWriter
{
    private const int UploadsInFlight = 4;
    private readonly ChunkStore _store;
    private readonly string _batchId;
    private readonly string _planId;
    private readonly string _chunkSet;
    private readonly int _chunkSize;
    private readonly Queue<Task> _uploads = new();
    private List<ChunkEntry> _current;
    private int _next;

    public ChunkBatchWriter(ChunkStore store, string batchId, string planId, string chunkSet, int chunkSize)
    {
        _store = store;
        _batchId = batchId;
        _planId = planId;
        _chunkSet = chunkSet;
        _chunkSize = chunkSize;
        _current = new List<ChunkEntry>(chunkSize);
    }

    /// <summary>The set the chunks are written under.</summary>
    public string ChunkSet => _chunkSet;

    public async Task AddAsync(ChunkEntry entry, CancellationToken cancellationToken)
    {
        _current.Add(entry);
        if (_current.Count == _chunkSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Uploads the last partial chunk, waits for every upload and returns the chunk count.</summary>
    public async Task<int> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_current.Count > 0)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(_uploads).ConfigureAwait(false);
        return _next;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_uploads.Count >= UploadsInFlight)
        {
            await _uploads.Dequeue().ConfigureAwait(false);
        }

        _uploads.Enqueue(_store.WriteAsync(_batchId, _planId, _chunkSet, _next++, _current, cancellationToken));
        _current = new List<ChunkEntry>(_chunkSize);
    }
}
