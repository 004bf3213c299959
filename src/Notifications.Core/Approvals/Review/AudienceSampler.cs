using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Notifications.Core.Approvals.Review;

/// <summary>
/// A fixed-size sample of an audience chosen by a hash of the seed and the user id: the users with the smallest hashes.
/// It is spread over the whole audience (not the engine's first rows), the same for the same audience on every view,
/// and costs one heap of <see cref="Size"/> entries whatever the audience's size.
/// </summary>
public sealed class AudienceSampler
{
    private readonly ulong _seed;
    private readonly PriorityQueue<SampledUser, ulong> _kept;

    /// <summary>Starts a sample of <paramref name="size"/> users seeded with <paramref name="seed"/> (the campaign id).</summary>
    public AudienceSampler(string seed, int size)
    {
        _seed = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(seed));
        Size = size;
        // Largest hash on top: it is the one a smaller newcomer replaces.
        _kept = new PriorityQueue<SampledUser, ulong>(size + 1, Comparer<ulong>.Create((a, b) => b.CompareTo(a)));
    }

    /// <summary>The most users kept.</summary>
    public int Size { get; }

    /// <summary>Offers one user and their values.</summary>
    public void Offer(string userId, IReadOnlyList<string?>? values)
    {
        // Seeded by the campaign, so another campaign's sample is other users; no copy of the id per user.
        var hash = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(userId.AsSpan()), (long)_seed);
        if (_kept.Count < Size)
        {
            _kept.Enqueue(new SampledUser(userId, values?.ToArray(), hash), hash);
        }
        else if (_kept.TryPeek(out _, out var largest) && hash < largest)
        {
            _kept.DequeueEnqueue(new SampledUser(userId, values?.ToArray(), hash), hash);
        }
    }

    /// <summary>The sample, smallest hash first (so its first few are the sample's own sample).</summary>
    public IReadOnlyList<SampledUser> Users => _kept.UnorderedItems.Select(i => i.Element).OrderBy(u => u.Hash).ThenBy(u => u.UserId, StringComparer.Ordinal).ToList();
}
