using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Core.Approvals.Review;

/// <summary>
/// A SHA-256 over every user of a batch file and their placeholder values, in file order: what the draft was written
/// with and what a send reads must give the same digest, or the send is not of the file the approvers were shown.
/// </summary>
/// <remarks>
/// Rows are encoded into a buffer and hashed a buffer at a time: SHA-256 costs per call as well as per byte, and a
/// row is a few dozen bytes (<c>notify bench review</c>).
/// </remarks>
public sealed class ValuesDigest : IDisposable
{
    private const int BufferSize = 16 * 1024;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;

    /// <summary>Adds a user and their values (null values and a null list are told apart from empty ones).</summary>
    public void Add(string userId, IReadOnlyList<string?>? values)
    {
        Append(userId);
        if (values is null)
        {
            Separator(0x1d);
        }
        else
        {
            foreach (var value in values)
            {
                Separator(0x1f);
                if (value is null)
                {
                    Separator(0x00);
                }
                else
                {
                    Append(value);
                }
            }
        }

        Separator(0x1e);
    }

    /// <summary>The digest, lower-case hex; the digest cannot be added to afterwards.</summary>
    public string Finish()
    {
        Flush();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();

    private void Separator(byte b)
    {
        Room(1);
        _buffer[_used++] = b;
    }

    // Length-prefixed, so no value can imitate a separator.
    private void Append(string text)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        Room(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), bytes);
        _used += 4;
        if (bytes > BufferSize)
        {
            Flush();
            _hash.AppendData(Encoding.UTF8.GetBytes(text));
            return;
        }

        Room(bytes);
        _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
    }

    private void Room(int bytes)
    {
        if (_used + bytes > BufferSize)
        {
            Flush();
        }
    }

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _used);
        _used = 0;
    }
}
