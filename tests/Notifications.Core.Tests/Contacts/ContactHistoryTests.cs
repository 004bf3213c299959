using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Core.Contacts;
using Notifications.Core.Devices;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Contacts;

/// <summary>The contact history on Azurite: each campaign counts once per user, however often its plans are written.</summary>
[Collection(StorageCollection.Name)]
public sealed class ContactHistoryTests(AzuriteFixture azurite)
{
    private static readonly string[] Users = [.. Enumerable.Range(0, 10).Select(i => $"u{i}")];

    [Fact]
    public async Task OpenAsync_PlanWrittenAgainAfterAKilledWorkerAndAWave_CampaignCountsOncePerUser()
    {
        var storage = await TestSettings.StorageClientsAsync(azurite);
        var history = new ContactHistory(storage, Options.Create(new FrequencyCapOptions { MaxPerDay = 0, MaxPerWeek = 2 }), TimeProvider.System,
            NullLogger<ContactHistory>.Instance);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Campaign A's shard plan is written twice (a worker killed after writing its contacts, before its plan
        // committed, then the retry), and half its users again by a wave released later the same day.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            Assert.All(await ContactAsync(history, "campaign-a", Users, today), Assert.True);
        }

        await using (var wave = await history.OpenAsync("campaign-a", 0, "w0", Partitions(Users), DateTimeOffset.UtcNow.AddHours(3)))
        {
            Assert.All(Users[..5], u => Assert.True(wave.TryContact(u)));
            await wave.CommitAsync(default);
        }

        // Counted once, A leaves room for B (2 a week); A and B together cap C.
        Assert.All(await ContactAsync(history, "campaign-b", Users, today), Assert.True);
        Assert.All(await ContactAsync(history, "campaign-c", Users, today), Assert.False);
    }

    private static async Task<List<bool>> ContactAsync(ContactHistory history, string campaign, string[] users, DateOnly date)
    {
        await using var session = await history.OpenAsync(campaign, 0, Partitions(users), date);
        var decided = users.Select(session.TryContact).ToList();
        await session.CommitAsync(default);
        return decided;
    }

    private static IEnumerable<int> Partitions(IEnumerable<string> users) => users.Select(DeviceKeys.PartitionIndex);
}
