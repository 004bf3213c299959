using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Notifications.Core.Storage;

/// <summary>
/// A write-only stream that stages blocks of a block blob and commits them only when told to, with conditions and
/// metadata in the same call. Unlike the SDK's <c>OpenWrite</c> stream, disposing it without <see cref="CommitAsync"/>
/// commits nothing: a writer that fails half-way leaves no half file behind (staged blocks expire on their own).
/// </summary>
public sealed class StagedBlockBlobStream : Stream
{
    private const int BlockSize = 4 * 1024 * 1024;
    private readonly BlockBlobClient _blob;
    private readonly List<string> _blocks = [];
    private readonly string _attempt = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
    private MemoryStream _buffer = new();
    private bool _committed;

    /// <summary>Stages blocks of <paramref name="blob"/>.</summary>
    public StagedBlockBlobStream(BlockBlobClient blob) => _blob = blob;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => !_committed;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_committed, this);

        // Synchronous writes only buffer; blocks are staged on the next asynchronous write or flush.
        _buffer.Write(buffer);
    }

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        if (_buffer.Length >= BlockSize)
        {
            await StageAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Flush()
    {
        // Nothing to do synchronously: data is staged in blocks of BlockSize, or at the commit.
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _buffer.Length >= BlockSize ? StageAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Stages what is left and commits the blob, with <paramref name="conditions"/> and <paramref name="metadata"/>.</summary>
    public async Task<ETag> CommitAsync(BlobRequestConditions? conditions, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        if (_buffer.Length > 0 || _blocks.Count == 0)
        {
            await StageAsync(cancellationToken).ConfigureAwait(false);
        }

        var committed = await _blob.CommitBlockListAsync(_blocks, new CommitBlockListOptions
        {
            Conditions = conditions,
            Metadata = metadata,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        }, cancellationToken).ConfigureAwait(false);
        _committed = true;
        return committed.Value.ETag;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        // Block ids must all have the same length; the attempt prefix keeps a concurrent writer's blocks apart.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_attempt}-{_blocks.Count.ToString("D6", CultureInfo.InvariantCulture)}"));
        _buffer.Position = 0;
        await _blob.StageBlockAsync(id, _buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
        _blocks.Add(id);
        await _buffer.DisposeAsync().ConfigureAwait(false);
        _buffer = new MemoryStream();
    }
}
