using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Core.Api;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Api;

/// <summary>
/// <c>GET /api/batches</c> on a real table (each test its own), as a client reads it: pages newest first that meet
/// without gaps or repeats, every filter, and a 400 naming each wrong parameter.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class BatchApiTests(AzuriteFixture azurite)
{
    // 22:00 on the 9th: five sends an hour apart run into the 10th.
    private static readonly DateTimeOffset Start = new(2022, 3, 9, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListAsync_FiveSendsOverTwoDaysTwoAPage_NewestFirstEachOnceFollowingOlder()
    {
        var (api, stores) = await CreateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            stores.Time.SetUtcNow(Start.AddHours(i));
            ids.Add(await stores.StartUploadAsync($"manual/send-{i}.json"));
        }

        stores.Time.SetUtcNow(Start.AddDays(1));
        var seen = new List<string>();
        var cursors = new List<string?>();
        string? before = null;
        do
        {
            var page = await api.ListAsync(Query(("limit", "2"), ("before", before)), CancellationToken.None);
            Assert.Equal(200, page.Status);
            var body = Json(page);
            seen.AddRange(body.GetProperty("batches").EnumerateArray().Select(b => b.GetProperty("batchId").GetString()!));
            before = body.TryGetProperty("older", out var older) ? older.GetString() : null;
            cursors.Add(before);
        }
        while (before is not null && cursors.Count < 10);

        Assert.Equal(3, cursors.Count);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task ListAsync_EachFilter_OnlyMatchingSends()
    {
        var (api, stores) = await CreateAsync();
        var (state, storage) = (stores.State, stores.Storage);
        var running = await stores.StartUploadAsync("manual/running.json");
        var completed = await stores.StartUploadAsync("manual/completed.json");
        var failed = await stores.StartUploadAsync("manual/failed.json");
        var cancelled = await stores.StartUploadAsync("manual/cancelled.json");
        stores.Time.Advance(TimeSpan.FromDays(1));
        var cohort = new BatchSendInput(storage.CampaignBatches.Name, "cohorts/day2-engagement/2022-03-10.json", "\"0x1\"");
        await state.RecordStartedAsync(BatchInstanceIds.For(cohort), cohort, CancellationToken.None);
        foreach (var (id, outcome) in new[] { (completed, BatchOutcome.Completed), (failed, BatchOutcome.Failed), (cancelled, BatchOutcome.Cancelled) })
        {
            await state.RecordOutcomeAsync(new BatchSummary { BatchId = id, Outcome = outcome, Plan = new PlanTotals { Devices = 3 }, Counts = new BatchCounts { Sent = 3 } }, CancellationToken.None);
        }

        async Task<List<string>> ListAsync(params (string, string?)[] parameters)
        {
            var response = await api.ListAsync(Query(parameters), CancellationToken.None);
            Assert.Equal(200, response.Status);
            return [.. Json(response).GetProperty("batches").EnumerateArray().Select(b => b.GetProperty("batchId").GetString()!)];
        }

        Assert.Equal([running], await ListAsync(("status", "running"), ("kind", "manual")));
        Assert.Equal([completed], await ListAsync(("status", "Completed")));
        Assert.Equal([failed], await ListAsync(("status", "failed")));
        Assert.Equal([cancelled], await ListAsync(("status", "cancelled")));
        Assert.Empty(await ListAsync(("status", "completedwithfailures")));
        Assert.Equal([BatchInstanceIds.For(cohort)], await ListAsync(("kind", "system")));
        Assert.Equal(4, (await ListAsync(("kind", "manual"))).Count);
        Assert.Equal(5, (await ListAsync(("kind", "all"))).Count);
        Assert.Equal(4, (await ListAsync(("from", "2022-03-09"), ("to", "2022-03-09"))).Count);
        Assert.Equal([BatchInstanceIds.For(cohort)], await ListAsync(("from", "2022-03-10")));
        Assert.Empty(await ListAsync(("from", "2022-02-01"), ("to", "2022-03-08")));
    }

    [Fact]
    public async Task ListAsync_StartReportedTwice_ListedOnce()
    {
        var (api, stores) = await CreateAsync();
        var batchId = await stores.StartUploadAsync("manual/twice.json");
        stores.Time.Advance(TimeSpan.FromMinutes(1));
        await stores.State.RecordStartedAsync(batchId, new BatchSendInput(stores.Storage.Batches.Name, "manual/twice.json", "\"0x0\""), CancellationToken.None);

        var body = Json(await api.ListAsync(Query(), CancellationToken.None));

        var listed = Assert.Single(body.GetProperty("batches").EnumerateArray());
        Assert.Equal(batchId, listed.GetProperty("batchId").GetString());
        Assert.Equal("manual/twice.json", listed.GetProperty("blobName").GetString());
        Assert.Equal("running", listed.GetProperty("status").GetString());
        Assert.Equal("manual", listed.GetProperty("kind").GetString());
        Assert.Equal("upload", listed.GetProperty("source").GetString());
        Assert.Equal(Start, listed.GetProperty("startedAt").GetDateTimeOffset());
        Assert.False(body.TryGetProperty("older", out _));
    }

    [Theory]
    [InlineData("status", "<script>alert(1)</script>")]
    [InlineData("kind", "<b>bold</b>")]
    [InlineData("from", "2022-13-45")]
    [InlineData("to", "yesterday")]
    [InlineData("limit", "99999999999999999999")]
    [InlineData("before", "batch-injected' or PartitionKey ne '")]
    public async Task ListAsync_BadParameter_400NamingItWithoutEchoingIt(string name, string value)
    {
        var (api, _) = await CreateAsync();

        var response = await api.ListAsync(Query((name, value)), CancellationToken.None);
        var text = JsonSerializer.Serialize(response.Body, ApiJson.Options);

        Assert.Equal(400, response.Status);
        Assert.Equal([name], Json(response).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.DoesNotContain(value, text, StringComparison.Ordinal);
    }

    private static Func<string, string?> Query(params (string Name, string? Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private static JsonElement Json(ApiResponse response) => JsonSerializer.SerializeToElement(response.Body, ApiJson.Options);

    private async Task<(BatchApi Api, SendListStores Stores)> CreateAsync()
    {
        var stores = await SendListStores.CreateAsync(azurite, Start);
        var service = new BatchService(stores.Storage, stores.State, NullLogger<BatchService>.Instance);
        return (new BatchApi(service, stores.Index, stores.Time), stores);
    }
}
