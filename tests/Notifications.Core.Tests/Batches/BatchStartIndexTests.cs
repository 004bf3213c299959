using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Approvals;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Cohorts;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Batches;

/// <summary>
/// The sends by start time on a real table (each test its own): a start recorded once however often it is reported,
/// the outcome, cancel and resume carried onto the list row, and who wrote each file.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class BatchStartIndexTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Noon = new(2021, 4, 12, 12, 0, 0, TimeSpan.Zero);
    private static readonly BatchListQuery April = new() { From = new DateOnly(2021, 4, 1), To = new DateOnly(2021, 4, 30), Limit = 100 };

    [Fact]
    public async Task RecordStartedAsync_Twice_ListedOnceAtTheFirstStart()
    {
        var (storage, index, state, time) = await CreateAsync();
        var batchId = BatchInstanceIds.For("manual/twice.json", "\"0x1\"");

        await state.RecordStartedAsync(batchId, "manual/twice.json", "\"0x1\"", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(3));
        await state.RecordStartedAsync(batchId, new BatchSendInput(storage.Batches.Name, "manual/twice.json", "\"0x1\""), CancellationToken.None);

        var listed = Assert.Single((await index.ListAsync(April)).Batches);
        Assert.Equal(batchId, listed.BatchId);
        Assert.Equal(Noon, listed.StartedAt);
        Assert.Equal(BatchListStatus.Running, listed.Status);
        Assert.Equal(BatchSource.Upload, listed.Source);
        Assert.Equal(BatchKind.Manual, listed.Kind);
    }

    [Fact]
    public async Task RecordStartedAsync_ManyAtOnce_OneRow()
    {
        var (storage, index, state, time) = await CreateAsync();
        var source = new BatchSendInput(storage.CampaignBatches.Name, "campaigns/adhoc-20210412-120000-abc.json", "\"0x2\"");
        var batchId = BatchInstanceIds.For(source);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => state.RecordStartedAsync(batchId, source, CancellationToken.None)));

        var listed = Assert.Single((await index.ListAsync(April)).Batches);
        Assert.Equal(BatchSource.Campaign, listed.Source);
    }

    [Fact]
    public async Task RecordStartedAsync_AfterAnEarlierStartWithoutIndex_KeepsThatStart()
    {
        // A send started before the index existed has a row with its start and no index key: a later start (its
        // scan, say) lists it at the time it really started.
        var (storage, index, state, time) = await CreateAsync();
        var batchId = BatchInstanceIds.For("manual/old.json", "\"0x3\"");
        await storage.BatchState.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("batch", batchId) { ["BlobName"] = "manual/old.json", ["StartedAt"] = Noon.AddHours(-2) });

        await state.RecordStartedAsync(batchId, "manual/old.json", "\"0x3\"", CancellationToken.None);

        Assert.Equal(Noon.AddHours(-2), Assert.Single((await index.ListAsync(April)).Batches).StartedAt);
    }

    [Fact]
    public async Task RecordOutcomeAsync_EndedSend_StatusCampaignAndCountsOnTheListRow()
    {
        var (_, index, state, time) = await CreateAsync();
        var batchId = BatchInstanceIds.For("manual/ended.json", "\"0x4\"");
        await state.RecordStartedAsync(batchId, "manual/ended.json", "\"0x4\"", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));

        await state.RecordOutcomeAsync(new BatchSummary
        {
            BatchId = batchId, CampaignId = "spring-sale", Outcome = BatchOutcome.CompletedWithFailures, Plan = new PlanTotals { Devices = 12 },
            Counts = new BatchCounts { Sent = 9, Failed = 2, Rejected = 1 },
        }, CancellationToken.None);

        var listed = Assert.Single((await index.ListAsync(April)).Batches);
        Assert.Equal(BatchListStatus.CompletedWithFailures, listed.Status);
        Assert.Equal("spring-sale", listed.CampaignId);
        Assert.Equal(12, listed.Devices);
        Assert.Equal(9, listed.Sent);
        Assert.Equal(3, listed.Failed);
        Assert.Equal(Noon.AddMinutes(5), listed.EndedAt);
        Assert.Equal(Noon, listed.StartedAt);
    }

    [Fact]
    public async Task MarkCancelledThenClearCancelled_CancellingThenRunningAgain()
    {
        var (_, index, state, _) = await CreateAsync();
        var batchId = BatchInstanceIds.For("manual/cancel.json", "\"0x5\"");
        await state.RecordStartedAsync(batchId, "manual/cancel.json", "\"0x5\"", CancellationToken.None);

        await state.MarkCancelledAsync(batchId, "ops", CancellationToken.None);
        var cancelling = Assert.Single((await index.ListAsync(April)).Batches);
        await state.RecordOutcomeAsync(new BatchSummary { BatchId = batchId, Outcome = BatchOutcome.Cancelled }, CancellationToken.None);
        var cancelled = Assert.Single((await index.ListAsync(April)).Batches);
        await state.ClearCancelledAsync(batchId, "ops", CancellationToken.None);
        var resumed = Assert.Single((await index.ListAsync(April)).Batches);

        Assert.Equal((BatchListStatus.Running, true), (cancelling.Status, cancelling.CancelRequested));
        Assert.Equal(BatchListStatus.Cancelled, cancelled.Status);
        Assert.Equal((BatchListStatus.Running, false), (resumed.Status, resumed.CancelRequested));
    }

    [Fact]
    public async Task RecordOutcomeAsync_SendNeverIndexed_NoListRow()
    {
        var (_, index, state, _) = await CreateAsync();

        await state.RecordOutcomeAsync(new BatchSummary { BatchId = "batch-before-the-index-0000000000000000", Outcome = BatchOutcome.Completed }, CancellationToken.None);
        await state.MarkCancelledAsync("batch-before-the-index-0000000000000000", "ops", CancellationToken.None);

        Assert.Empty((await index.ListAsync(April)).Batches);
    }

    [Fact]
    public async Task SourceOf_EveryWriter_ToldApartByContainerAndFolder()
    {
        var storage = await TestSettings.StorageClientsAsync(azurite);
        var index = new BatchStartIndex(storage);
        var system = storage.CampaignBatches.Name;

        Assert.Equal(BatchSource.Upload, index.SourceOf(new BatchSendInput(storage.Batches.Name, "cohorts/looks-like-one.json", "e")));
        Assert.Equal(BatchSource.Campaign, index.SourceOf(new BatchSendInput(system, CampaignPreparer.DraftBlobName("adhoc-20210412-120000-abc"), "e")));
        Assert.Equal(BatchSource.TestSend, index.SourceOf(new BatchSendInput(system, "tests/adhoc-20210412-120000-abc/001-ann.json", "e")));
        Assert.Equal(BatchSource.Cohort, index.SourceOf(new BatchSendInput(system, CohortRun.BatchBlobName("day2-engagement", new DateOnly(2021, 4, 12)), "e")));
        Assert.Equal(BatchSource.Other, index.SourceOf(new BatchSendInput(system, "elsewhere/x.json", "e")));
        Assert.Equal("day2-engagement", BatchStartIndex.CohortIdOf(CohortRun.BatchBlobName("day2-engagement", new DateOnly(2021, 4, 12))));
        Assert.Null(BatchStartIndex.CohortIdOf("cohorts/no-date.json"));
        Assert.Null(BatchStartIndex.CohortIdOf("campaigns/adhoc-x.json"));
    }

    [Fact]
    public async Task ListAsync_RangeEdges_MidnightBelongsToItsOwnDay()
    {
        var (_, index, state, time) = await CreateAsync(new DateTimeOffset(2021, 4, 1, 0, 0, 0, TimeSpan.Zero));
        var ids = new Dictionary<string, string>();
        foreach (var (name, at) in new[]
        {
            ("before", new DateTimeOffset(2021, 4, 9, 23, 59, 59, 999, TimeSpan.Zero)),
            ("first", new DateTimeOffset(2021, 4, 10, 0, 0, 0, TimeSpan.Zero)),
            ("last", new DateTimeOffset(2021, 4, 11, 23, 59, 59, 999, TimeSpan.Zero)),
            ("after", new DateTimeOffset(2021, 4, 12, 0, 0, 0, TimeSpan.Zero)),
        })
        {
            time.SetUtcNow(at);
            ids[name] = BatchInstanceIds.For($"manual/{name}.json", "e");
            await state.RecordStartedAsync(ids[name], $"manual/{name}.json", "e", CancellationToken.None);
        }

        var page = await index.ListAsync(April with { From = new DateOnly(2021, 4, 10), To = new DateOnly(2021, 4, 11) });

        Assert.Equal([ids["last"], ids["first"]], page.Batches.Select(b => b.BatchId));
    }

    [Fact]
    public async Task ScanBatch_SystemSend_ListedAsItsSourceWithItsOutcome()
    {
        // A cohort run's file starts as a sub-orchestration, never through BatchService: the scan records it.
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(4);
        var storage = harness.Services.GetRequiredService<StorageClients>();
        await storage.EnsureCreatedAsync();
        var blobName = CohortRun.BatchBlobName("day2-engagement", new DateOnly(2021, 4, 12));
        var uploaded = await storage.CampaignBatches.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(BatchHarness.BatchJson(4, "day2-engagement-20210412")));
        var source = new BatchSendInput(storage.CampaignBatches.Name, blobName, uploaded.Value.ETag.ToString());
        var batchId = BatchInstanceIds.For(source);

        await harness.Client.ScheduleNewOrchestrationInstanceAsync(BatchTaskNames.SendBatch, source, new StartOrchestrationOptions(batchId));
        var summary = await harness.WaitAsync(batchId);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var page = await harness.Services.GetRequiredService<BatchStartIndex>().ListAsync(
            new BatchListQuery { Kind = BatchKind.System, From = today.AddDays(-1), To = today }, BatchSource.Cohort);

        var listed = Assert.Single(page.Batches);
        Assert.Equal(batchId, listed.BatchId);
        Assert.Equal("day2-engagement", listed.CohortId);
        Assert.Equal(BatchListStatus.Completed, listed.Status);
        Assert.Equal("day2-engagement-20210412", listed.CampaignId);
        Assert.Equal(summary.Counts.Sent, listed.Sent);
        Assert.Equal(6, listed.Devices);
    }

    private Task<SendListStores> CreateAsync(DateTimeOffset? start = null) => SendListStores.CreateAsync(azurite, start ?? Noon);
}
