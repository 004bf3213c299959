using System.Security.Cryptography;
using System.Text;

namespace Notifications.Core.Approvals.Review;

/// <summary>
/// A SHA-256 over every user of a batch file and their placeholder values, in file order: what the draft was written
/// with and what a send reads must give the same digest, or the send is not of the file the approvers were shown.
/// </summary>
public sealed class ValuesDigest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[4096];

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
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();

    private void Separator(byte b)
    {
        _buffer[0] = b;
        _hash.AppendData(_buffer, 0, 1);
    }

    // Length-prefixed, so no value can imitate a separator.
    private void Append(string text)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_buffer, bytes);
        _hash.AppendData(_buffer, 0, 4);
        if (bytes <= _buffer.Length)
        {
            Encoding.UTF8.GetBytes(text, _buffer);
            _hash.AppendData(_buffer, 0, bytes);
        }
        else
        {
            _hash.AppendData(Encoding.UTF8.GetBytes(text));
        }
    }
}
