using Microsoft.Extensions.Logging;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Contacts;
using Notifications.Core.Devices;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// Releases a wave of users a shard held for later, at its time: reads the staged chunks, lets the frequency cap decide
/// each user now (a campaign that reached them while they slept counts; the wave's contacts are on record at its own
/// time) and writes the chunks to send. Its work is bounded by the shard's, like planning. The first release to commit
/// stands, so a retried one sends the same chunks.
/// </summary>
public sealed class WaveReleaser
{
    private readonly StorageClients _storage;
    private readonly ChunkStore _chunks;
    private readonly ShardStore _shards;
    private readonly BatchWorkStore _work;
    private readonly ContactHistory _contacts;
    private readonly BatchOptions _options;
    private readonly ILogger<WaveReleaser> _logger;

    /// <summary>Creates the releaser; <paramref name="contacts"/> applies the frequency cap at release time, and released chunks go to <paramref name="chunks"/>.</summary>
    public WaveReleaser(
        StorageClients storage, ChunkStore chunks, ShardStore shards, BatchWorkStore work, ContactHistory contacts,
        Microsoft.Extensions.Options.IOptions<BatchOptions> options, ILogger<WaveReleaser> logger)
    {
        _storage = storage;
        _chunks = chunks;
        _shards = shards;
        _work = work;
        _contacts = contacts;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Releases <paramref name="request"/>'s wave, or returns the release an earlier attempt committed.</summary>
    public async Task<ReleasedWave> ReleaseAsync(WaveRequest request, CancellationToken cancellationToken = default)
    {
        var (input, wave, planned) = request;
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        if (await _shards.GetReleaseAsync(input.BatchId, input.PlanId, input.Shard, wave, cancellationToken).ConfigureAwait(false) is { } committed)
        {
            return committed;
        }

        var header = (await _work.GetAsync(input.BatchId, input.PlanId).ConfigureAwait(false)).Work.Header;
        var staged = new List<ChunkEntry>();
        for (var i = 0; i < planned.Chunks; i++)
        {
            staged.AddRange(await _chunks.ReadAsync(input.BatchId, input.PlanId, planned.ChunkSet, i, cancellationToken).ConfigureAwait(false));
        }

        var users = staged.Where(e => e.UserId is not null).Select(e => e.UserId!).Distinct(StringComparer.Ordinal).ToList();
        await using var cap = _contacts.IsOn && !header.Options.Transactional
            ? await _contacts.OpenAsync(header.CampaignId is { Length: > 0 } c ? c : input.BatchId, input.Shard, $"w{wave}",
                users.Select(DeviceKeys.PartitionIndex), new DateTimeOffset(planned.At, TimeSpan.Zero), cancellationToken).ConfigureAwait(false)
            : null;
        var allowed = users.ToDictionary(u => u, u => cap?.TryContact(u) ?? true, StringComparer.Ordinal);

        var chunkSet = $"{planned.ChunkSet}-r{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
        var writer = new ChunkBatchWriter(_chunks, input.BatchId, input.PlanId, chunkSet, _options.ChunkSize);
        long devices = 0;
        foreach (var entry in staged.Where(e => e.UserId is null || allowed[e.UserId]))
        {
            devices++;
            await writer.AddAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        var chunks = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        if (cap is not null)
        {
            await cap.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var capped = allowed.Count(a => !a.Value);
        var result = await _shards.CommitReleaseAsync(input.BatchId, input.PlanId, input.Shard, wave, new ReleasedWave(chunkSet, chunks, devices, capped), cancellationToken)
            .ConfigureAwait(false);
        Log.WaveReleased(_logger, input.BatchId, input.Shard, wave, result.Devices, result.Capped);
        return result;
    }
}
