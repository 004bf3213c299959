using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Notifications.Gateways;

/// <summary>Reads a small request body into a pooled buffer, refusing bodies over a limit without reading them whole.</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _rented;

    private RequestBody(byte[] rented, int length)
    {
        _rented = rented;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _rented.AsMemory(0, Length);

    /// <summary>Returns the body, or null when it is longer than <paramref name="limit"/>.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, int limit)
    {
        var rented = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == rented.Length)
                {
                    if (length > limit)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                        return null;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(rented.Length * 2, limit + 1));
                    rented.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(rented);
                    rented = bigger;
                }

                var read = await request.Body.ReadAsync(rented.AsMemory(length), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }

        if (length > limit)
        {
            ArrayPool<byte>.Shared.Return(rented);
            return null;
        }

        return new RequestBody(rented, length);
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
