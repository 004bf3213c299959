using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Delivery.RateLimits;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Delivery.RateLimits;

/// <summary>Send-rate limits shared through the batches table: two workers, one allowance.</summary>
[Collection(StorageCollection.Name)]
public sealed class SendRateLimiterTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 1, TimeSpan.Zero));
    private StorageClients? _storage;

    [Fact]
    public async Task ClaimAsync_TwoWorkersAtOnce_NeverGrantMoreThanTheWindowsShare()
    {
        var (first, second) = await TwoWorkersAsync(globalPerMinute: 0);

        // 60 a minute is 10 per 10-second window; 16 chunks of 7 devices race for it from two workers.
        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? first : second).ClaimAsync("campaign-a", 60, 7)));

        Assert.Equal(10, claims.Sum(c => c.Granted));
        Assert.All(claims, c => Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 10, TimeSpan.Zero), c.NextWindow));

        // The next window has its own share; another campaign has its own limit.
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(10, (await Task.WhenAll(first.ClaimAsync("campaign-a", 60, 7), second.ClaimAsync("campaign-a", 60, 7))).Sum(c => c.Granted));
        Assert.Equal(7, (await first.ClaimAsync("campaign-b", 60, 7)).Granted);
    }

    [Fact]
    public async Task ClaimAsync_GlobalCeiling_HoldsAcrossCampaignsAndWorkers()
    {
        var (first, second) = await TwoWorkersAsync(globalPerMinute: 120);

        var claims = await Task.WhenAll(
            first.ClaimAsync("campaign-a", null, 15), second.ClaimAsync("campaign-b", null, 15), first.ClaimAsync("campaign-c", 600, 15));

        Assert.Equal(20, claims.Sum(c => c.Granted));
    }

    [Fact]
    public async Task ClaimAsync_WindowsOlderThanAMinute_ForgottenByWhoeverOpensTheNext()
    {
        var (first, _) = await TwoWorkersAsync(globalPerMinute: 600);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(5, (await first.ClaimAsync("campaign-a", 60, 5)).Granted);
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        // Two scopes (the campaign's and the ceiling's), each keeping only its last minute of windows.
        var rows = new List<string>();
        await foreach (var row in _storage!.BatchState.QueryAsync<TableEntity>(e => e.PartitionKey.CompareTo("rate:") >= 0 && e.PartitionKey.CompareTo("rate;") < 0))
        {
            rows.Add(row.PartitionKey + "/" + row.RowKey);
        }

        Assert.Equal(2, rows.Select(r => r.Split('/')[0]).Distinct().Count());
        Assert.InRange(rows.Count, 2, 2 * 7);
    }

    [Fact]
    public async Task Send_MaxPerMinute_SpreadsThePushesOverWindows()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(16);

        // 16 users, 24 devices at 60 a minute: at most 10 in any 10-second window, so at least three windows.
        var summary = await harness.SendAsync("slow.json", BatchHarness.BatchJson(16, "campaign-slow", "\"options\":{\"maxPerMinute\":60},"));

        Assert.Equal((BatchOutcome.Completed, 24L), (summary.Outcome, summary.Counts.Sent));
        var windows = harness.Gateways.Recorder.Records.Where(r => r.CollapseId == "campaign-slow")
            .GroupBy(r => r.At.UtcTicks / SendRateLimiter.Window.Ticks).Select(g => g.Count()).ToList();
        Assert.Equal(24, windows.Sum());
        Assert.All(windows, count => Assert.True(count <= 10, $"{count} pushes in one window"));
        Assert.True(windows.Count >= 3);
    }

    /// <summary>Two limiters with their own storage clients on the same table, as two workers of one task hub have.</summary>
    private async Task<(SendRateLimiter First, SendRateLimiter Second)> TwoWorkersAsync(int globalPerMinute)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestSettings.Storage(azurite)).Build();
        SendRateLimiter Worker()
        {
            var storage = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddStorage().BuildServiceProvider().GetRequiredService<StorageClients>();
            return new SendRateLimiter(storage, Options.Create(new RateLimitOptions { GlobalPerMinute = globalPerMinute }), _time);
        }

        var first = Worker();
        _storage = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddStorage().BuildServiceProvider().GetRequiredService<StorageClients>();
        await _storage.EnsureCreatedAsync();
        return (first, Worker());
    }
}
