using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Notifications.Core.Experiments.Events;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Experiments.Events;

[Collection(StorageCollection.Name)]
public sealed class OutcomeEventStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTime Received = new(2026, 3, 4, 13, 37, 12, 345, DateTimeKind.Utc);

    [Fact]
    public async Task RecordAsync_SameUserCampaignAndTypeTwice_OneLineInTheHourAndMinutesBlob()
    {
        var (store, storage) = await CreateAsync();
        var campaign = "store-" + Guid.NewGuid().ToString("N")[..10];
        var opened = new OutcomeEvent(OutcomeEventType.Opened, "user-1", campaign, "b", null, Received.AddMinutes(-3), Received);

        var first = await store.RecordAsync(opened, CancellationToken.None);
        var again = await store.RecordAsync(opened with { ReceivedAt = Received.AddSeconds(20) }, CancellationToken.None);
        var converted = await store.RecordAsync(opened with { Type = OutcomeEventType.Converted, Goal = "invited" }, CancellationToken.None);

        Assert.True(first);
        Assert.False(again);
        Assert.True(converted);
        var blobName = OutcomeEventStore.LogBlobName(Received, "user-1");
        Assert.Matches(@"^2026-03-04/13/37-[0-7]\.ndjson$", blobName);
        var lines = (await storage.OutcomeEventLog.GetBlobClient(blobName).DownloadContentAsync()).Value.Content.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(campaign, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(opened, OutcomeEventStore.Parse(lines[0]));
    }

    [Fact]
    public async Task Line_EveryColumn_IsInTheSchemaBigQueryLoadsWithAndRequiredOnesArePresent()
    {
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("docs/push-events.schema.json")))!.AsArray()
            .ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["mode"]!.GetValue<string>());
        var full = JsonNode.Parse(OutcomeEventStore.Line(new OutcomeEvent(OutcomeEventType.Converted, "u", "c", "a", "g", Received, Received)))!.AsObject();
        var bare = JsonNode.Parse(OutcomeEventStore.Line(new OutcomeEvent(OutcomeEventType.Opened, "u", "c", null, null, Received, Received)))!.AsObject();

        Assert.Equal(schema.Keys.Order(), full.Select(p => p.Key).Order());
        Assert.Equal(schema.Where(c => c.Value == "REQUIRED").Select(c => c.Key).Order(), bare.Select(p => p.Key).Order());
        Assert.Equal("2026-03-04T13:37:12.345Z", full["occurred_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task FindCampaignAsync_BeforeAndAfterASendRegistersIt_NullThenItsArms()
    {
        var (store, _) = await CreateAsync();
        var campaign = "store-" + Guid.NewGuid().ToString("N")[..10];

        var before = await store.FindCampaignAsync(campaign, CancellationToken.None);
        await store.RegisterCampaignAsync(campaign, ["one", "two"], CancellationToken.None);
        var after = await store.FindCampaignAsync(campaign, CancellationToken.None);

        Assert.Null(before);
        Assert.Equal(["one", "two"], after!.Arms);
    }

    [Fact]
    public async Task ReadLogAsync_TwoDays_EveryEventOfThoseDaysOnly()
    {
        var (store, _) = await CreateAsync();
        var campaign = "store-" + Guid.NewGuid().ToString("N")[..10];
        var day = new DateTime(2025, 7, 1, 23, 59, 0, DateTimeKind.Utc);
        foreach (var (user, received) in new[] { ("a", day), ("b", day.AddMinutes(2)), ("c", day.AddDays(2)) })
        {
            await store.RecordAsync(new OutcomeEvent(OutcomeEventType.Opened, user, campaign, null, null, received, received), CancellationToken.None);
        }

        var read = new List<string>();
        await store.ReadLogAsync(new DateOnly(2025, 7, 1), new DateOnly(2025, 7, 2), e =>
        {
            if (e.CampaignId == campaign)
            {
                read.Add(e.UserId);
            }

            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(["a", "b"], read.Order());
    }

    private async Task<(OutcomeEventStore Store, StorageClients Storage)> CreateAsync()
    {
        var storage = new StorageClients(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString }));
        await storage.EnsureCreatedAsync();
        return (new OutcomeEventStore(storage), storage);
    }
}
