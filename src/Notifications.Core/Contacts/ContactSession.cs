using Azure.Storage.Blobs.Specialized;
using Notifications.Core.Devices;

namespace Notifications.Core.Contacts;

/// <summary>
/// One shard plan's view of the contact history, with its segments locked: decides user by user in memory, then
/// writes whom it will push to. Disposing releases the segments (after <see cref="CommitAsync"/>, or without writing
/// for a plan that failed or only counts).
/// </summary>
public sealed class ContactSession : IAsyncDisposable
{
    private readonly ContactHistory _history;
    private readonly string _campaign;
    private readonly string _part;
    private readonly DateTimeOffset _at;
    private readonly Dictionary<ulong, ContactCount> _counts;
    private readonly List<BlobLeaseClient> _leases;
    private readonly CancellationTokenSource _renewal;
    private readonly Task _renewing;
    private readonly Dictionary<int, List<ulong>> _contacted = [];

    internal ContactSession(
        ContactHistory history, string campaign, string part, DateTimeOffset at, Dictionary<ulong, ContactCount> counts, List<BlobLeaseClient> leases,
        CancellationTokenSource renewal, Task renewing)
    {
        _history = history;
        _campaign = campaign;
        _part = part;
        _at = at;
        _counts = counts;
        _leases = leases;
        _renewal = renewal;
        _renewing = renewing;
    }

    /// <summary>
    /// Decides one user the plan would push to: true (and remembered as contacted) when under the cap, false when
    /// capped. A user decided twice in one plan is written once.
    /// </summary>
    public bool TryContact(string userId)
    {
        var hash = ContactHistory.UserHash(userId);
        if (_counts.TryGetValue(hash, out var count) && _history.IsCapped(count))
        {
            return false;
        }

        var segment = ContactHistory.SegmentOf(DeviceKeys.PartitionIndex(userId));
        if (!_contacted.TryGetValue(segment, out var users))
        {
            _contacted[segment] = users = [];
        }

        users.Add(hash);
        return true;
    }

    /// <summary>Stores whom this shard plan pushes to, per segment, before the plan is committed.</summary>
    /// <exception cref="InvalidOperationException">A segment's lease was lost while planning: another send may have
    /// planned the same users meanwhile, so this plan's decisions no longer stand (the activity fails and is retried).</exception>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_renewing.IsCompleted && !_renewal.IsCancellationRequested)
        {
            throw new InvalidOperationException("the contact history's segment lock was lost while planning; the shard is planned again");
        }

        foreach (var (segment, users) in _contacted)
        {
            await _history.WriteAsync(segment, _campaign, _part, _at, users.Distinct().ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _renewal.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        _renewal.Dispose();
        await ContactHistory.ReleaseAsync(_leases).ConfigureAwait(false);
    }
}
