using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;
using Notifications.Core.Timing;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// Plans one shard of a scanned send: resolves its users to devices through its own registry partitions, assigns
/// experiment arms, logs exposures, drops repeated devices and writes chunk blobs. Its work is bounded by the shard's
/// size (<see cref="BatchOptions.ShardBytes"/> of the file), never by the list's. Returns counts, never the list.
/// </summary>
public sealed class ShardPlanner
{
    private readonly StorageClients _storage;
    private readonly IDeviceRegistry _registry;
    private readonly ChunkStore _chunks;
    private readonly ShardStore _shards;
    private readonly BatchWorkStore _work;
    private readonly BatchOptions _options;
    private readonly ILogger<ShardPlanner> _logger;
    private readonly Contacts.ContactHistory _contacts;
    private readonly QuietHoursOptions _quietHours;
    private readonly TimeProvider _time;

    /// <summary>Creates the planner; <paramref name="contacts"/> applies the frequency cap, <paramref name="quietHours"/> decides when each device may be pushed.</summary>
    public ShardPlanner(
        StorageClients storage, IDeviceRegistry registry, ChunkStore chunks, ShardStore shards, BatchWorkStore work,
        IOptions<BatchOptions> options, ILogger<ShardPlanner> logger, Contacts.ContactHistory contacts, IOptions<QuietHoursOptions> quietHours,
        TimeProvider time)
    {
        _contacts = contacts;
        _quietHours = quietHours.Value;
        _time = time;
        _storage = storage;
        _registry = registry;
        _chunks = chunks;
        _shards = shards;
        _work = work;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Plans <paramref name="input"/>'s shard, or returns the plan an earlier attempt committed.</summary>
    public async Task<ShardPlan> PlanAsync(ShardInput input, CancellationToken cancellationToken = default)
    {
        using var timing = BatchActivityTiming.Start(BatchTaskNames.PlanShard);
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        if (await _shards.GetPlanAsync(input.BatchId, input.PlanId, input.Shard, cancellationToken).ConfigureAwait(false) is { } committed)
        {
            return committed;
        }

        var batch = await _work.GetAsync(input.BatchId, input.PlanId).ConfigureAwait(false);
        var header = batch.Work.Header;
        var entries = await _shards.ReadAsync(input.BatchId, input.PlanId, input.Shard, cancellationToken).ConfigureAwait(false);
        var resolved = await ResolveAsync(entries.Where(e => !e.IsDevice).Select(e => e.UserId!), cancellationToken).ConfigureAwait(false);

        var arms = header.Experiment is { } experiment ? new ExperimentArms(experiment) : null;
        var variants = header.Experiment?.Variants.Count ?? 1;
        var platforms = header.Options.Platforms is { Count: > 0 } only ? only.ToHashSet() : null;
        var chunkSet = $"s{input.Shard:D4}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
        var writer = new ChunkBatchWriter(_chunks, input.BatchId, input.PlanId, chunkSet, _options.ChunkSize);
        var runDate = Cohorts.CohortCatalog.FindRun(header.CampaignId)?.Date ?? input.Date;
        await using var exposures = header.Experiment is { } e
            ? ExposureWriter.Open(_storage.Exposures, e.Id, input.Date, runDate, header.CampaignId, input.BatchId, input.Shard, e.Variants.Select(v => v.Name).ToList())
            : null;

        // The frequency cap: marketing sends read and lock the contact history of this shard's users; transactional
        // ones neither count nor are capped. A dry run reads it to count, and writes nothing.
        await using var cap = _contacts.IsOn && !header.Options.Transactional
            ? await _contacts.OpenAsync(header.CampaignId is { Length: > 0 } c ? c : input.BatchId, input.Shard,
                entries.Where(e => !e.IsDevice).Select(e => DeviceKeys.PartitionIndex(e.UserId!)), input.Date, cancellationToken).ConfigureAwait(false)
            : null;
        var plan = new ShardCounter(variants);
        var seen = new HashSet<(PushPlatform, string)>();
        async Task<bool> AddAsync(
            ChunkBatchWriter to, string? userId, PushPlatform platform, string token, int arm, string? locale = null, IReadOnlyList<string?>? values = null)
        {
            if ((platforms is null || platforms.Contains(platform)) && seen.Add((platform, token)))
            {
                plan.ArmDevices[arm]++;
                // The device's locale form and the user's values travel with it, so the sender renders without a lookup;
                // values only for a personal message (a plain one's chunks stay as small as before).
                var forms = batch.Forms[arm];
                var entry = new ChunkEntry(userId, platform.ToLetter(), token, arm) { Locale = forms.LocaleFor(locale), Values = forms.IsPersonal ? values : null };
                await to.AddAsync(entry, cancellationToken).ConfigureAwait(false);
                return true;
            }

            return false;
        }

        // Quiet hours and local delivery times, from the orchestrator's one instant (a retried plan decides the same).
        var plannedAt = input.PlannedAt == default ? _time.GetUtcNow().UtcDateTime : input.PlannedAt;
        var rules = new SendTiming(_quietHours, header.Options, TimeToLive(header), plannedAt);
        var waves = new Dictionary<DateTime, WaveCounter>();

        // Explicit devices first (the scan kept one listing of each), so a device also reached through its user
        // keeps the arm its listing gave it, as it would in a single pass over the file. A listed device has no
        // registration to read a time zone from, so it goes with the send.
        foreach (var entry in entries.Where(e => e.IsDevice))
        {
            var arm = arms?.Assign(entry.UserId ?? entry.Token!) ?? 0;
            if (arm != ExperimentArms.Control && await AddAsync(writer, entry.UserId, entry.Platform, entry.Token!, arm).ConfigureAwait(false))
            {
                plan.Devices++;
            }
        }

        foreach (var entry in entries.Where(e => !e.IsDevice))
        {
            var userId = entry.UserId!;
            var arm = arms?.Assign(userId) ?? 0;
            var found = resolved.TryGetValue(userId, out var devices);
            var reachable = (devices ?? []).Where(d => platforms is null || platforms.Contains(d.Platform)).ToList();
            plan.Users++;

            // One person, one clock: a user's devices go together, at the time of the first one that told us its zone.
            // Control gets its time too (and nothing else): its conversion window starts when its push would have come.
            var release = reachable.Count == 0 || rules.IsImmediate
                ? Release.Now
                : rules.For(reachable.Find(d => d.TimeZone is not null)?.TimeZone);

            // Only a user pushed now counts against the cap here (not control, not one without a device here); a user
            // held for later is decided when the wave is released, against whatever reached them meanwhile.
            var capped = cap is not null && release is { At: null, Skipped: false } && reachable.Count > 0 && arm != ExperimentArms.Control
                && !cap.TryContact(userId);
            exposures?.Write(userId, arm, found && !capped && !release.Skipped, release.At ?? plannedAt);
            if (!found)
            {
                plan.UsersWithoutDevices++;
            }

            if (arm == ExperimentArms.Control)
            {
                plan.ControlUsers++;
                continue;
            }

            if (release.Skipped)
            {
                plan.QuietSkipped++;
                continue;
            }

            if (capped)
            {
                plan.Capped++;
                continue;
            }

            plan.ArmUsers[arm]++;
            if (release.At is { } at)
            {
                if (!waves.TryGetValue(at, out var wave))
                {
                    waves[at] = wave = new WaveCounter(new ChunkBatchWriter(_chunks, input.BatchId, input.PlanId, $"{chunkSet}-w{waves.Count}", _options.ChunkSize));
                }

                wave.Users++;
                plan.Deferred += release.Quiet ? 1 : 0;
                foreach (var device in reachable)
                {
                    wave.Devices += await AddAsync(wave.Writer, userId, device.Platform, device.Token, arm, device.Locale, entry.Values).ConfigureAwait(false) ? 1 : 0;
                }

                continue;
            }

            foreach (var device in reachable)
            {
                plan.Devices += await AddAsync(writer, userId, device.Platform, device.Token, arm, device.Locale, entry.Values).ConfigureAwait(false) ? 1 : 0;
            }
        }

        foreach (var (at, wave) in waves.OrderBy(w => w.Key))
        {
            plan.Waves.Add(new PlannedWave(at, wave.Writer.ChunkSet, await wave.Writer.CompleteAsync(cancellationToken).ConfigureAwait(false), wave.Users, wave.Devices));
        }

        var chunks = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);

        // Whom this plan pushes to is on record before the plan is: a retried plan rewrites the same blobs (its own
        // campaign never counts against it), and a plan that never commits is replanned before anything is sent.
        if (cap is not null && !input.DryRun)
        {
            await cap.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (plan.Capped > 0)
        {
            Log.UsersCapped(_logger, input.BatchId, input.Shard, plan.Capped);
        }

        // Only a shard whose plan is whole has an exposure log: an attempt that fails leaves none for BigQuery to load.
        if (exposures is not null)
        {
            await exposures.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var result = await _shards.CommitPlanAsync(input.BatchId, input.PlanId, plan.ToPlan(input.Shard, chunkSet, chunks), cancellationToken).ConfigureAwait(false);
        Log.ShardPlanned(_logger, input.BatchId, input.Shard, result.Users, result.Devices, result.Chunks);
        DeliveryMetrics.DevicesPlanned.Add(result.Devices, new KeyValuePair<string, object?>("campaign", header.CampaignId));
        return result;
    }

    private async Task<Dictionary<string, List<DeviceAddress>>> ResolveAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var byPartition = userIds.GroupBy(DeviceKeys.Partition).Select(g => (Partition: g.Key, Users: (IReadOnlyCollection<string>)g.ToHashSet(StringComparer.Ordinal)));
        var found = new ConcurrentBag<IReadOnlyList<DeviceAddress>>();
        await Parallel.ForEachAsync(byPartition, new ParallelOptions { MaxDegreeOfParallelism = _options.ResolveConcurrency, CancellationToken = cancellationToken },
            async (group, ct) => found.Add(await _registry.GetDevicesAsync(group.Partition, group.Users, ct).ConfigureAwait(false))).ConfigureAwait(false);

        var byUser = new Dictionary<string, List<DeviceAddress>>(StringComparer.Ordinal);
        foreach (var device in found.SelectMany(d => d))
        {
            if (!byUser.TryGetValue(device.UserId, out var list))
            {
                byUser[device.UserId] = list = [];
            }

            list.Add(device);
        }

        // The registry answers partitions in whatever order they come back; chunks are filled in token order per
        // user so that two plans of the same shard write the same chunks.
        foreach (var list in byUser.Values)
        {
            list.Sort((a, b) => a.Platform != b.Platform ? a.Platform.CompareTo(b.Platform) : string.CompareOrdinal(a.Token, b.Token));
        }

        return byUser;
    }

    /// <summary>The shortest time to live any of the send's messages has: a push deferred past it is not worth sending.</summary>
    private static TimeSpan? TimeToLive(BatchHeader header) =>
        header.Options.TimeToLive ?? header.Messages.Select(m => m.TimeToLive).Where(t => t is not null).DefaultIfEmpty(null).Min();

    /// <summary>The staged chunks and counts of one release time's users.</summary>
    private sealed class WaveCounter(ChunkBatchWriter writer)
    {
        public ChunkBatchWriter Writer { get; } = writer;

        public long Users { get; set; }

        public long Devices { get; set; }
    }

    /// <summary>The running counts of one shard's plan.</summary>
    private sealed class ShardCounter(int variants)
    {
        public long Users { get; set; }

        public long ControlUsers { get; set; }

        public long UsersWithoutDevices { get; set; }

        public long Capped { get; set; }

        public long Deferred { get; set; }

        public long QuietSkipped { get; set; }

        public long Devices { get; set; }

        public List<PlannedWave> Waves { get; } = [];

        public long[] ArmUsers { get; } = new long[variants];

        public long[] ArmDevices { get; } = new long[variants];

        public ShardPlan ToPlan(int shard, string chunkSet, int chunks) => new()
        {
            Shard = shard,
            ChunkSet = chunkSet,
            Users = Users,
            ControlUsers = ControlUsers,
            UsersWithoutDevices = UsersWithoutDevices,
            Capped = Capped,
            Deferred = Deferred,
            QuietSkipped = QuietSkipped,
            Waves = Waves,
            Devices = Devices,
            Chunks = chunks,
            ArmUsers = ArmUsers,
            ArmDevices = ArmDevices,
        };
    }
}
