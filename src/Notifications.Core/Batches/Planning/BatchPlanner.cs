using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Devices;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// Plans a send: streams the batch file pinned to its ETag, validates all of it, resolves users to devices through
/// the registry, assigns experiment arms, de-duplicates devices and writes chunk blobs of at most 500 devices.
/// Memory stays about one bucket's worth: the audience is hash-partitioned onto local scratch files first.
/// Returns only counts, never the list.
/// </summary>
public sealed class BatchPlanner
{
    private readonly StorageClients _storage;
    private readonly IDeviceRegistry _registry;
    private readonly ChunkStore _chunks;
    private readonly BatchWorkStore _work;
    private readonly BatchOptions _options;
    private readonly ILogger<BatchPlanner> _logger;

    /// <summary>Creates the planner.</summary>
    public BatchPlanner(
        StorageClients storage, IDeviceRegistry registry, ChunkStore chunks, BatchWorkStore work, IOptions<BatchOptions> options, ILogger<BatchPlanner> logger)
    {
        _storage = storage;
        _registry = registry;
        _chunks = chunks;
        _work = work;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Plans <paramref name="request"/>; an invalid file yields problems, not an exception.</summary>
    public async Task<PlanResult> PlanAsync(PlanRequest request, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var source = request.Source;
        if (await _work.GetCommittedPlanAsync(request.BatchId, source, cancellationToken).ConfigureAwait(false) is { } committed)
        {
            Log.PlanReused(_logger, request.BatchId, committed.PlanId, source.Run);
            return committed;
        }

        // The source reaches here through orchestration input, which this code writes itself; checked anyway, since a
        // name that escapes its container would send a file nobody meant to send.
        if (!BlobNames.IsValid(source.BlobName) || (source.Container != _storage.Batches.Name && source.Container != _storage.CampaignBatches.Name))
        {
            return PlanResult.Invalid([Refused("the batch file is not a canonical name in the batches or campaign-batches container")]);
        }

        var blob = _storage.Blobs.GetBlobContainerClient(source.Container).GetBlobClient(source.BlobName);
        var (properties, change) = await BatchFileVersion.CheckAsync(_storage, source, cancellationToken).ConfigureAwait(false);
        if (properties is null)
        {
            return PlanResult.Invalid([Refused(change + " before the send was planned")]);
        }

        var buckets = (int)Math.Clamp((properties.ContentLength / _options.PlanBucketBytes) + 1, 1, 512);
        using var users = new PlanScratch("users", buckets);
        using var devices = new PlanScratch("devices", buckets);
        BatchHeader header;
        try
        {
            var open = new BlobOpenReadOptions(allowModifications: false)
            {
                Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
                BufferSize = 4 * 1024 * 1024,
            };
            await using var stream = await blob.OpenReadAsync(open, cancellationToken).ConfigureAwait(false);
            (header, _, _) = await BatchFileReader.ReadAsync(stream, entry =>
            {
                if (entry.IsDevice)
                {
                    devices.Write(DeviceHash(entry.Platform == Delivery.PushPlatform.Android ? 'a' : 'i', entry.Token!),
                        $"{(entry.Platform == Delivery.PushPlatform.Android ? 'a' : 'i')}\t{entry.Token}\t{entry.UserId}\t{entry.Index}");
                }
                else
                {
                    // Bucketed by registry partition, so each partition is read by exactly one bucket's resolution.
                    users.Write((ulong)DeviceKeys.PartitionIndex(entry.UserId!), $"{entry.UserId}\t{entry.Index}");
                }

                return ValueTask.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BatchFileException ex)
        {
            Log.BatchRejected(_logger, request.BatchId, ex.Problems.Count, ex.Problems[0]);
            return PlanResult.Invalid(ex.Problems);
        }
        catch (RequestFailedException ex) when (ex.Status == 412 || ex.ErrorCode == "ConditionNotMet")
        {
            return PlanResult.Invalid([Refused($"the batch file {source.Container}/{source.BlobName} changed while it was read")]);
        }

        users.CompleteWriting();
        var duplicates = FindDuplicateUsers(users);
        if (duplicates.Count > 0)
        {
            Log.BatchRejected(_logger, request.BatchId, duplicates.Count, duplicates[0]);
            return PlanResult.Invalid(duplicates);
        }

        var arms = header.Experiment is { } experiment ? new ExperimentArms(experiment) : null;
        var platforms = header.Options.Platforms is { Count: > 0 } only ? only.Select(p => p == Delivery.PushPlatform.Android ? 'a' : 'i').ToHashSet() : null;
        await using var exposures = header.Experiment is { } e
            ? ExposureWriter.Open(_storage.Exposures, e.Id, request.Date, header.CampaignId, request.BatchId, e.Variants.Select(v => v.Name).ToArray())
            : null;

        // Pass 2: one bucket of users at a time: resolve devices, assign arms.
        long userCount = 0, control = 0, withoutDevices = 0;
        var variantCount = header.Experiment?.Variants.Count ?? 1;
        var armUsers = new long[variantCount];
        var armDevices = new long[variantCount];
        for (var bucket = 0; bucket < users.Buckets; bucket++)
        {
            var bucketUsers = users.Read(bucket).Select(line => line[..line.IndexOf('\t', StringComparison.Ordinal)]).ToList();
            userCount += bucketUsers.Count;
            var resolved = await ResolveAsync(bucketUsers, cancellationToken).ConfigureAwait(false);
            foreach (var userId in bucketUsers)
            {
                var arm = arms?.Assign(userId) ?? 0;
                var found = resolved.TryGetValue(userId, out var userDevices);
                exposures?.Write(userId, arm, found);
                if (!found)
                {
                    withoutDevices++;
                }

                if (arm == ExperimentArms.Control)
                {
                    control++;
                    continue;
                }

                armUsers[arm]++;

                foreach (var device in userDevices ?? [])
                {
                    var p = device.Platform == Delivery.PushPlatform.Android ? 'a' : 'i';
                    if (platforms is not null && !platforms.Contains(p))
                    {
                        continue;
                    }

                    devices.Write(DeviceHash(p, device.Token), $"{p}\t{device.Token}\t{userId}\t{arm.ToString(CultureInfo.InvariantCulture)}v");
                }
            }

            if (exposures is not null)
            {
                await exposures.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // Pass 3: one bucket of devices at a time: drop repeats, fill chunks.
        devices.CompleteWriting();
        var planId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        var writer = new ChunkBatchWriter(_chunks, request.BatchId, planId, _options.ChunkSize);
        long deviceCount = 0;
        for (var bucket = 0; bucket < devices.Buckets; bucket++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in devices.Read(bucket))
            {
                var fields = line.Split('\t');
                if (platforms is not null && !platforms.Contains(fields[0][0]))
                {
                    continue;
                }

                if (!seen.Add(fields[0] + fields[1]))
                {
                    continue;
                }

                // Resolved devices carry their arm ("2v"); explicit ones their file position, and get the arm of
                // their user (or of their token when they have none).
                var variant = fields[3].EndsWith('v')
                    ? int.Parse(fields[3].AsSpan(0, fields[3].Length - 1), CultureInfo.InvariantCulture)
                    : ExplicitDeviceArm(arms, fields);
                if (variant == ExperimentArms.Control)
                {
                    continue;
                }

                deviceCount++;
                armDevices[variant]++;
                await writer.AddAsync(new ChunkEntry(fields[2].Length == 0 ? null : fields[2], fields[0][0], fields[1], variant), cancellationToken).ConfigureAwait(false);
            }
        }

        var chunkCount = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);

        // Only a plan that is whole has an exposure log: a planning attempt that fails leaves none for BigQuery to load.
        if (exposures is not null)
        {
            await exposures.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await _work.WriteAsync(new BatchWork(request.BatchId, planId, source.Container, source.BlobName, source.ETag, header, chunkCount), cancellationToken).ConfigureAwait(false);
        Log.BatchPlanned(_logger, request.BatchId, header.CampaignId, userCount, deviceCount, chunkCount);
        var result = new PlanResult
        {
            CampaignId = header.CampaignId,
            DryRun = header.Options.DryRun,
            Users = userCount,
            ControlUsers = control,
            Arms = header.Experiment is { } planned
                ? [new ArmSummary(ArmSummary.ControlName, control, 0, 0), .. planned.Variants.Select((v, i) => new ArmSummary(v.Name, armUsers[i], armDevices[i], 0))]
                : [],
            UsersWithoutDevices = withoutDevices,
            Devices = deviceCount,
            Chunks = chunkCount,
            PlanId = planId,
            ChunksPerPartition = _options.ChunksPerPartition,
            MaxChunkAttempts = _options.MaxChunkAttempts,
            ChunkRetryDelaySeconds = _options.ChunkRetryDelay.TotalSeconds,
        };
        await _work.CommitPlanAsync(request.BatchId, source, result, cancellationToken).ConfigureAwait(false);
        DeliveryMetrics.DevicesPlanned.Add(deviceCount, new KeyValuePair<string, object?>("campaign", header.CampaignId));
        return result;
    }

    /// <summary>Pass 2a: a user listed twice is an error, reported with both positions.</summary>
    private static List<string> FindDuplicateUsers(PlanScratch users)
    {
        var problems = new List<string>();
        for (var bucket = 0; bucket < users.Buckets && problems.Count < BatchFileReader.MaxProblems; bucket++)
        {
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var line in users.Read(bucket))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                var userId = line[..tab];
                var index = long.Parse(line.AsSpan(tab + 1), CultureInfo.InvariantCulture);
                if (!seen.TryAdd(userId, index))
                {
                    var (first, second) = seen[userId] < index ? (seen[userId], index) : (index, seen[userId]);
                    problems.Add($"audience.users[{second}]: the same user as audience.users[{first}]");
                }
            }
        }

        return problems;
    }

    private static int ExplicitDeviceArm(ExperimentArms? arms, string[] fields) =>
        arms?.Assign(fields[2].Length > 0 ? fields[2] : fields[1]) ?? 0;

    private static ulong DeviceHash(char platform, string token) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(platform + token));

    private static string Refused(string change) =>
        $"{change}; nothing from this send was pushed; a new upload starts its own send";

    private async Task<Dictionary<string, List<DeviceRegistration>>> ResolveAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var byPartition = userIds.GroupBy(DeviceKeys.Partition).Select(g => (Partition: g.Key, Users: (IReadOnlyCollection<string>)g.ToHashSet(StringComparer.Ordinal)));
        var found = new ConcurrentBag<DeviceRegistration>();
        await Parallel.ForEachAsync(byPartition, new ParallelOptions { MaxDegreeOfParallelism = _options.ResolveConcurrency, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                foreach (var device in await _registry.GetDevicesAsync(group.Partition, group.Users, ct).ConfigureAwait(false))
                {
                    found.Add(device);
                }
            }).ConfigureAwait(false);

        var byUser = new Dictionary<string, List<DeviceRegistration>>(StringComparer.Ordinal);
        foreach (var device in found)
        {
            if (!byUser.TryGetValue(device.UserId, out var list))
            {
                byUser[device.UserId] = list = [];
            }

            list.Add(device);
        }

        return byUser;
    }
}
