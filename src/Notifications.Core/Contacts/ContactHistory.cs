using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Devices;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;

namespace Notifications.Core.Contacts;

/// <summary>
/// Which campaigns reached which users lately, for the frequency cap, kept for bulk reads and writes: the 1,024
/// registry partitions are grouped into 64 segments, and each shard plan of each campaign writes one blob per segment
/// (<c>contacts/{segment}/{campaign key}-{shard}</c> in the work container, <c>-{shard}-{wave}</c> for users held for later: the sorted 64-bit hashes of the users it
/// pushes to, the time in its metadata). A shard's planner reads the segments of its own users once (a blob per
/// campaign of the last 7 days), decides every user in memory and writes its own blobs: no round trip per user.
/// While it does, it holds a lease on each of those segments, so two campaigns planning the same users take turns
/// and the second sees the first's contacts.
/// </summary>
public sealed class ContactHistory
{
    /// <summary>Registry partitions per segment.</summary>
    public const int PartitionsPerSegment = 16;

    private const string Prefix = "contacts/";
    private const string AtMetadata = "at";
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    private readonly StorageClients _storage;
    private readonly FrequencyCapOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ContactHistory> _logger;

    /// <summary>Creates the history over the work container's contact blobs; <paramref name="options"/> sets the daily and weekly caps and the lease wait.</summary>
    public ContactHistory(StorageClients storage, IOptions<FrequencyCapOptions> options, TimeProvider time, ILogger<ContactHistory> logger)
    {
        _storage = storage;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether the cap is on at all.</summary>
    public bool IsOn => _options.IsOn;

    /// <summary>The segment of registry partition <paramref name="partition"/>.</summary>
    public static int SegmentOf(int partition) => partition / PartitionsPerSegment;

    /// <summary>The 64-bit hash a user is kept as.</summary>
    public static ulong UserHash(string userId) => System.IO.Hashing.XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(userId));

    /// <summary>
    /// Locks and reads the segments holding <paramref name="partitions"/> for shard <paramref name="shard"/> of
    /// <paramref name="campaignId"/>, sent on <paramref name="sendDate"/>. Its own earlier contacts (a retried or
    /// repeated plan of the same campaign) never count against it.
    /// </summary>
    /// <remarks>
    /// A send for today is on record at this moment. A send for an earlier date (a cohort run caught up later) is on
    /// record at noon of that date, and the windows look both ways from it, so a backfill of four weeks in one go caps
    /// as the days would have one by one.
    /// </remarks>
    public Task<ContactSession> OpenAsync(string campaignId, int shard, IEnumerable<int> partitions, DateOnly sendDate, CancellationToken cancellationToken = default)
    {
        var clock = _time.GetUtcNow();
        var now = sendDate < DateOnly.FromDateTime(clock.UtcDateTime)
            ? new DateTimeOffset(sendDate.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)
            : clock;
        return OpenAsync(campaignId, shard, part: null, partitions, now, cancellationToken);
    }

    /// <summary>
    /// Locks and reads the segments holding <paramref name="partitions"/> for users of <paramref name="campaignId"/>
    /// pushed at <paramref name="at"/>: a wave held for the end of quiet hours, decided when it is released. Its
    /// contacts go to their own blobs (<paramref name="part"/>), beside the shard plan's.
    /// </summary>
    public async Task<ContactSession> OpenAsync(
        string campaignId, int shard, string? part, IEnumerable<int> partitions, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var clock = _time.GetUtcNow();
        var now = at;
        var campaign = CampaignKey(campaignId);
        var segments = partitions.Select(SegmentOf).Distinct().Order().ToList();
        var leases = new List<BlobLeaseClient>();
        var renewal = new CancellationTokenSource();
        try
        {
            // In segment order, so two planners needing overlapping segments cannot each hold one the other waits for.
            foreach (var segment in segments)
            {
                leases.Add(await AcquireAsync(segment, cancellationToken).ConfigureAwait(false));
            }

            var counts = await ReadAsync(segments, campaign, now, clock, cancellationToken).ConfigureAwait(false);
            return new ContactSession(this, campaign, part is null ? $"{shard:D4}" : $"{shard:D4}-{part}", now, counts, leases, renewal, Renew(leases, renewal.Token));
        }
        catch
        {
            await renewal.CancelAsync().ConfigureAwait(false);
            renewal.Dispose();
            await ReleaseAsync(leases).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Whether a user with these recent contacts is over the cap.</summary>
    internal bool IsCapped(ContactCount count) =>
        (_options.MaxPerDay > 0 && count.Day >= _options.MaxPerDay) || (_options.MaxPerWeek > 0 && count.Week >= _options.MaxPerWeek);

    /// <summary>Writes one shard's contacts of one segment (overwriting an earlier attempt's).</summary>
    internal async Task WriteAsync(int segment, string campaign, string part, DateTimeOffset at, ulong[] users, CancellationToken cancellationToken)
    {
        Array.Sort(users);
        var bytes = new byte[users.Length * sizeof(ulong)];
        Buffer.BlockCopy(users, 0, bytes, 0, bytes.Length);
        var blob = _storage.Work.GetBlobClient(BlobName(segment, campaign, part));
        await blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [AtMetadata] = at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the leases (they would lapse within a minute anyway).</summary>
    internal static async Task ReleaseAsync(IEnumerable<BlobLeaseClient> leases)
    {
        foreach (var lease in leases)
        {
            try
            {
                await lease.ReleaseAsync().ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // Lapsed or taken over: nothing to give back.
            }
        }
    }

    private static string CampaignKey(string campaignId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(campaignId)).AsSpan(0, 8));

    private static string SegmentPrefix(int segment) => $"{Prefix}{segment:D2}/";

    private static string BlobName(int segment, string campaign, string part) => $"{SegmentPrefix(segment)}{campaign}-{part}";

    private async Task<BlobLeaseClient> AcquireAsync(int segment, CancellationToken cancellationToken)
    {
        var lockBlob = _storage.Work.GetBlobClient(SegmentPrefix(segment) + "lock");
        try
        {
            await lockBlob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new() { IfNoneMatch = ETag.All } }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // It exists (and may be leased right now): what is wanted is its lease, not the blob.
        }

        var lease = lockBlob.GetBlobLeaseClient();
        var deadline = _time.GetUtcNow() + _options.LockWait;
        var wait = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
                return lease;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && _time.GetUtcNow() < deadline)
            {
                // Another send plans these users: take turns.
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 1000));
            }
        }
    }

    /// <summary>
    /// The contacts within 7 days of <paramref name="now"/> in <paramref name="segments"/> by user hash: distinct
    /// campaigns within a day and within a week (a campaign written by several shard plans counts once per user).
    /// Blobs on record and written more than 8 days before <paramref name="clock"/> are deleted.
    /// </summary>
    private async Task<Dictionary<ulong, ContactCount>> ReadAsync(
        List<int> segments, string ownCampaign, DateTimeOffset now, DateTimeOffset clock, CancellationToken cancellationToken)
    {
        var recent = new List<(string Name, string Campaign, DateTimeOffset At)>();
        foreach (var segment in segments)
        {
            await foreach (var item in _storage.Work.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, SegmentPrefix(segment), cancellationToken).ConfigureAwait(false))
            {
                var name = item.Name[SegmentPrefix(segment).Length..];
                if (name == "lock" || name.Length < 17 || !item.Metadata.TryGetValue(AtMetadata, out var ticks)
                    || !long.TryParse(ticks, System.Globalization.CultureInfo.InvariantCulture, out var at))
                {
                    continue;
                }

                var when = new DateTimeOffset(at, TimeSpan.Zero);
                if (clock - when > Week + Day && clock - (item.Properties.LastModified ?? clock) > Week + Day)
                {
                    await _storage.Work.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else if ((now - when).Duration() < Week && name[..16] != ownCampaign)
                {
                    recent.Add((item.Name, name[..16], when));
                }
            }
        }

        var contents = new ulong[recent.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, recent.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var bytes = (await _storage.Work.GetBlobClient(recent[i].Name).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content.ToMemory();
                contents[i] = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes.Span).ToArray();
            }).ConfigureAwait(false);

        var counts = new Dictionary<ulong, ContactCount>();
        foreach (var campaign in recent.Select((blob, i) => (blob, i)).GroupBy(b => b.blob.Campaign))
        {
            var inDay = campaign.Any(b => (now - b.blob.At).Duration() < Day);
            var users = campaign.Count() == 1 ? contents[campaign.First().i] : campaign.SelectMany(b => contents[b.i]).Distinct().ToArray();
            foreach (var user in users)
            {
                var count = counts.GetValueOrDefault(user);
                counts[user] = new ContactCount(count.Day + (inDay ? 1 : 0), count.Week + 1);
            }
        }

        Log.ContactHistoryRead(_logger, segments.Count, recent.Count, counts.Count);
        return counts;
    }

    private static async Task Renew(List<BlobLeaseClient> leases, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LeaseDuration / 3, stop).ConfigureAwait(false);
                foreach (var lease in leases)
                {
                    await lease.RenewAsync(cancellationToken: stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed.
        }
        catch (RequestFailedException)
        {
            // The lease is gone (lapsed during a long pause, or broken): the session sees this task ended before it
            // was told to, and refuses to commit, so the shard is planned again under a fresh lock.
        }
    }
}
