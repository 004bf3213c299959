using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;
using Notifications.Core.Storage;

namespace Notifications.Core.Approvals.Testing;

/// <summary>
/// Reads what a finished test push did to each of its devices, from its send's ledger, and records it in the test's
/// result: the page and the audit trail both read that one result. A test has at most
/// <see cref="TestPushPreparer.MaxDevices"/> devices, so this reads one or two chunks.
/// </summary>
public sealed class TestPushRecorder
{
    private readonly StorageClients _storage;
    private readonly ShardStore _shards;
    private readonly ChunkStore _chunks;
    private readonly DeliveryLedger _ledger;
    private readonly TestPushResultStore _results;
    private readonly Campaigns.CampaignAuditLog _audit;
    private readonly TimeProvider _time;

    /// <summary>Creates the recorder over the send's plan, chunks and ledger; a form test's outcome goes to the form tests' audit trail.</summary>
    public TestPushRecorder(
        StorageClients storage, ShardStore shards, ChunkStore chunks, DeliveryLedger ledger, TestPushResultStore results, Campaigns.CampaignAuditLog audit, TimeProvider time)
    {
        _audit = audit;
        _time = time;
        _storage = storage;
        _shards = shards;
        _chunks = chunks;
        _ledger = ledger;
        _results = results;
    }

    /// <summary>Records the outcome of each device of <paramref name="request"/>'s test; returns the final result.</summary>
    public async Task<TestPushResult> RecordAsync(TestPushOutcomeRequest request, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var result = await _results.GetAsync(request.ResultId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"test {request.ResultId} has no result to complete");

        // The devices in the order the test file lists them, which is the result's order.
        var listed = new List<(PushPlatform, string)>();
        var blob = _storage.Blobs.GetBlobContainerClient(request.Send.Container).GetBlobClient(request.Send.BlobName);
        await using (var stream = await blob.OpenReadAsync(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(false), cancellationToken).ConfigureAwait(false))
        {
            await BatchFileReader.ReadAsync(stream, entry =>
            {
                if (entry.IsDevice)
                {
                    listed.Add((entry.Platform, entry.Token!));
                }

                return ValueTask.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
        }

        var statuses = new Dictionary<(PushPlatform, string), DeliveryStatus?>();
        var summary = request.Summary ?? new Batches.Orchestration.BatchSummary { BatchId = string.Empty };
        for (var shard = 0; shard < (request.Summary is null ? 0 : summary.Shards); shard++)
        {
            if (await _shards.GetPlanAsync(summary.BatchId, summary.PlanId, shard, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                continue;
            }

            for (var chunk = 0; chunk < plan.Chunks; chunk++)
            {
                var entries = await _chunks.ReadAsync(summary.BatchId, summary.PlanId, plan.ChunkSet, chunk, cancellationToken).ConfigureAwait(false);
                var ledger = await _ledger.LoadAsync(summary.BatchId, summary.PlanId, plan.ChunkSet, chunk, entries.Count, cancellationToken).ConfigureAwait(false);
                for (var p = 0; p < entries.Count; p++)
                {
                    statuses[(ChunkSender.PlatformOf(entries[p]), entries[p].Token)] = ledger.Get(p);
                }
            }
        }

        var devices = result.Devices.Select((d, i) => d with
        {
            Outcome = TestPushResult.Of(i < listed.Count ? statuses.GetValueOrDefault(listed[i]) : null),
        }).ToList();
        var failed = request.Failure ?? (summary.Outcome == Batches.Orchestration.BatchOutcome.Failed ? summary.Error ?? string.Join("; ", summary.Problems) : null);
        result = result with { Devices = devices, Failure = failed };
        await _results.WriteAsync(result, cancellationToken).ConfigureAwait(false);
        if (result.CampaignId is null)
        {
            // An approver's test is audited by its campaign's flow; a form test has no campaign yet, so its own trail.
            await _audit.AppendAsync(Api.CampaignTestApi.AuditTrail, new Campaigns.AuditEntry(_time.GetUtcNow(), Identity.People.Describe(result.By, result.ByObjectId),
                "test-sent", result.Summary), result.Id + "-sent", cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
