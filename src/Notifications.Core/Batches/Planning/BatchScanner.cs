using System.IO.Hashing;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Devices;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// The first step of a send: one streaming pass over the batch file pinned to its ETag that validates all of it
/// before anything is pushed, refuses repeated users, drops repeated explicit devices, and cuts the audience into
/// shards (contiguous ranges of registry partitions) that are planned and sent in parallel. Touches no registry:
/// its cost is reading the file once. Memory stays about one bucket: entries go to local scratch files first.
/// </summary>
public sealed class BatchScanner
{
    private const int UploadsInFlight = 4;
    private readonly StorageClients _storage;
    private readonly BatchWorkStore _work;
    private readonly ShardStore _shards;
    private readonly BatchStateStore _state;
    private readonly Experiments.Events.OutcomeEventStore _events;
    private readonly BatchOptions _options;
    private readonly ILogger<BatchScanner> _logger;

    /// <summary>Creates the scanner; <paramref name="options"/> sets the shard size, and the header and shards go to <paramref name="work"/> and <paramref name="shards"/>.</summary>
    public BatchScanner(
        StorageClients storage, BatchWorkStore work, ShardStore shards, BatchStateStore state, Experiments.Events.OutcomeEventStore events,
        IOptions<BatchOptions> options, ILogger<BatchScanner> logger)
    {
        _storage = storage;
        _work = work;
        _shards = shards;
        _state = state;
        _events = events;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Scans <paramref name="request"/>'s file; an invalid file yields problems, not an exception.</summary>
    public async Task<ScanResult> ScanAsync(PlanRequest request, CancellationToken cancellationToken = default)
    {
        using var timing = BatchActivityTiming.Start(BatchTaskNames.ScanBatch);
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
            return ScanResult.Invalid([Refused("the batch file is not a canonical name in the batches or campaign-batches container")]);
        }

        // The first step of every send, whoever started it (an upload's start was recorded already and is kept): the
        // app's own sends (campaigns, test pushes, cohort runs) start as sub-orchestrations and are recorded only here.
        await _state.RecordStartedAsync(request.BatchId, source, cancellationToken).ConfigureAwait(false);
        var blob = _storage.Blobs.GetBlobContainerClient(source.Container).GetBlobClient(source.BlobName);
        var (properties, change) = await BatchFileVersion.CheckAsync(_storage, source, cancellationToken).ConfigureAwait(false);
        if (properties is null)
        {
            return ScanResult.Invalid([Refused(change + " before the send was planned")]);
        }

        var buckets = ShardLayout.BucketCount(properties.ContentLength, _options.ShardBytes);
        using var audience = new PlanScratch(buckets);
        using var explicitDevices = new PlanScratch(buckets);
        BatchHeader header;
        long users;
        // An approved campaign's file must be the one its approvers were shown: every user and value, in order.
        using var approved = source.ApprovedDigest is null ? null : new Approvals.Review.ValuesDigest();
        try
        {
            var open = new BlobOpenReadOptions(allowModifications: false)
            {
                Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
                BufferSize = 4 * 1024 * 1024,
            };
            await using var stream = await blob.OpenReadAsync(open, cancellationToken).ConfigureAwait(false);
            (header, users, _) = await BatchFileReader.ReadAsync(stream, entry =>
            {
                if (entry.IsDevice)
                {
                    // Bucketed by token first, so the same token listed twice meets itself however its owners differ.
                    explicitDevices.Write(TokenBucket(entry, buckets), entry);
                    approved?.Add($"device:{Devices.PlatformNames.ToName(entry.Platform)}:{entry.Token}", null);
                }
                else
                {
                    audience.Write(ShardLayout.BucketOf(ShardLayout.PartitionOf(entry), buckets), entry);
                    approved?.Add(entry.UserId!, entry.Values);
                }

                return ValueTask.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BatchFileException ex)
        {
            Log.BatchRejected(_logger, request.BatchId, ex.Problems.Count, ex.Problems[0]);
            return ScanResult.Invalid(ex.Problems);
        }
        catch (RequestFailedException ex) when (ex.Status == 412 || ex.ErrorCode == "ConditionNotMet")
        {
            return ScanResult.Invalid([Refused($"the batch file {source.Container}/{source.BlobName} changed while it was read")]);
        }

        if (approved is not null
            && Approvals.Review.ApprovalDigest.Combine(Approvals.Review.ApprovalDigest.Forms(header), approved.Finish()) is var digest
            && !string.Equals(digest, source.ApprovedDigest, StringComparison.Ordinal))
        {
            var problem = Refused($"the batch file is not what was approved: its messages, options or placeholder values give digest "
                + $"{Approvals.Review.ApprovalDigest.Abbreviated(digest)}, the approval covers {Approvals.Review.ApprovalDigest.Abbreviated(source.ApprovedDigest!)}");
            Log.BatchRejected(_logger, request.BatchId, 1, problem);
            return ScanResult.Invalid([problem]);
        }

        explicitDevices.CompleteWriting();
        var devices = MoveDistinctDevices(explicitDevices, audience);
        audience.CompleteWriting();
        var duplicates = FindDuplicateUsers(audience);
        if (duplicates.Count > 0)
        {
            Log.BatchRejected(_logger, request.BatchId, duplicates.Count, duplicates[0]);
            return ScanResult.Invalid(duplicates);
        }

        // The apps report opens and conversions against the campaign id their push carried: only a campaign that was
        // really sent (with its arms) is accepted there.
        if (!header.Options.DryRun && header.CampaignId is { Length: > 0 } campaignId)
        {
            await _events.RegisterCampaignAsync(campaignId, header.Experiment?.Variants.Select(v => v.Name).ToList() ?? [], cancellationToken).ConfigureAwait(false);
        }

        var planId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        await _work.WriteAsync(new BatchWork(request.BatchId, planId, source.Container, source.BlobName, source.ETag, header), cancellationToken).ConfigureAwait(false);

        // Empty buckets make no shard; shard numbers are dense, in partition order.
        var filled = Enumerable.Range(0, audience.Buckets).Where(b => audience.Count(b) > 0).ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, filled.Count), new ParallelOptions { MaxDegreeOfParallelism = UploadsInFlight, CancellationToken = cancellationToken },
            (shard, ct) => new ValueTask(_shards.UploadAsync(request.BatchId, planId, shard, audience.PathOf(filled[shard]), ct))).ConfigureAwait(false);

        var result = new ScanResult
        {
            CampaignId = header.CampaignId,
            DryRun = header.Options.DryRun,
            Users = users,
            ExplicitDevices = devices,
            PlanId = planId,
            Shards = filled.Count,
            Variants = header.Experiment?.Variants.Select(v => v.Name).ToList() ?? [],
            ShardsInFlight = _options.ShardsInFlight,
            PlansInFlight = _options.PlansInFlight,
            MaxChunkAttempts = _options.MaxChunkAttempts,
            ChunkRetryDelaySeconds = _options.ChunkRetryDelay.TotalSeconds,
        };
        await _work.CommitPlanAsync(request.BatchId, source, result, cancellationToken).ConfigureAwait(false);
        Log.BatchScanned(_logger, request.BatchId, header.CampaignId, users, devices, filled.Count);
        return result;
    }

    /// <summary>
    /// Keeps the first listing of each explicit device and moves it to the shard of its owner (or of its token, when
    /// it has none), where it meets that user's registered devices. Returns how many were kept.
    /// </summary>
    internal static long MoveDistinctDevices(PlanScratch byToken, PlanScratch audience)
    {
        long kept = 0;
        for (var bucket = 0; bucket < byToken.Buckets; bucket++)
        {
            var seen = new HashSet<(Delivery.PushPlatform, string)>();
            foreach (var entry in byToken.Read(bucket))
            {
                if (seen.Add((entry.Platform, entry.Token!)))
                {
                    audience.Write(ShardLayout.BucketOf(ShardLayout.PartitionOf(entry), audience.Buckets), entry);
                    kept++;
                }
            }
        }

        return kept;
    }

    /// <summary>A user listed twice is an error, reported with both positions.</summary>
    internal static List<string> FindDuplicateUsers(PlanScratch audience)
    {
        var problems = new List<string>();
        for (var bucket = 0; bucket < audience.Buckets && problems.Count < BatchFileReader.MaxProblems; bucket++)
        {
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var entry in audience.Read(bucket))
            {
                if (entry.IsDevice)
                {
                    continue;
                }

                if (!seen.TryAdd(entry.UserId!, entry.Index))
                {
                    var other = seen[entry.UserId!];
                    var (first, second) = other < entry.Index ? (other, entry.Index) : (entry.Index, other);
                    problems.Add($"audience.users[{second}]: the same user as audience.users[{first}]");
                    if (problems.Count == BatchFileReader.MaxProblems)
                    {
                        break;
                    }
                }
            }
        }

        return problems;
    }

    /// <summary>The scratch bucket of an explicit device: by token alone, so every listing of a token meets the others.</summary>
    internal static int TokenBucket(in AudienceEntry entry, int buckets) =>
        (int)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(entry.Token!)) % (ulong)buckets);

    private static string Refused(string change) =>
        $"{change}; nothing from this send was pushed; a new upload starts its own send";
}
