using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Campaigns;

/// <summary>
/// The campaign list on a real table (each test its own): newest first, pages that meet without gaps or repeats, the
/// status and date filters done by the store.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class CampaignStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ListAsync_PagedNewestFirst_EveryCampaignOnceInOrder()
    {
        var store = await CreateStoreAsync();
        var start = new DateTimeOffset(2019, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await CreateAsync(store, start.AddHours(13 * i), CampaignStatus.Sent));
        }

        var seen = new List<string>();
        var query = new CampaignListQuery { From = new DateOnly(2019, 3, 1), To = new DateOnly(2019, 3, 31), Limit = 3 };
        var pages = 0;
        string? before = null;
        do
        {
            var page = await store.ListAsync(query with { Before = before });
            seen.AddRange(page.Campaigns.Select(c => c.Id));
            before = page.Older;
            pages++;
        }
        while (before is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task ListAsync_StatusAndDates_OnlyMatchingCampaigns()
    {
        var store = await CreateStoreAsync();
        var day = new DateTimeOffset(2018, 6, 10, 12, 0, 0, TimeSpan.Zero);
        var waiting = await CreateAsync(store, day, CampaignStatus.AwaitingApproval);
        await CreateAsync(store, day.AddMinutes(5), CampaignStatus.Sent);
        await CreateAsync(store, day.AddDays(-1), CampaignStatus.AwaitingApproval);
        await CreateAsync(store, day.AddDays(1), CampaignStatus.AwaitingApproval);

        var page = await store.ListAsync(new CampaignListQuery
        {
            Status = CampaignStatus.AwaitingApproval, From = new DateOnly(2018, 6, 10), To = new DateOnly(2018, 6, 10),
        });

        var only = Assert.Single(page.Campaigns);
        Assert.Equal(waiting, only.Id);
        Assert.Equal("Campaign of 2018-06-10 12:00", only.Title);
        Assert.Null(page.Older);
    }

    [Fact]
    public async Task NewestAsync_ManyCampaigns_NewestOverallAndPerStatusEachCapped()
    {
        var store = await CreateStoreAsync();
        var start = new DateTimeOffset(2016, 5, 1, 8, 0, 0, TimeSpan.Zero);
        var waiting = new List<string>();
        var all = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var status = i % 3 == 0 ? CampaignStatus.AwaitingApproval : CampaignStatus.Sent;
            var id = await CreateAsync(store, start.AddHours(i), status);
            all.Add(id);
            if (status == CampaignStatus.AwaitingApproval)
            {
                waiting.Add(id);
            }
        }

        var (newest, byStatus) = await store.NewestAsync(
            new DateOnly(2016, 5, 1), new DateOnly(2016, 5, 1), limit: 2, [CampaignStatus.AwaitingApproval, CampaignStatus.Sending]);

        Assert.Equal(all.AsEnumerable().Reverse().Take(2), newest.Select(c => c.Id));
        Assert.Equal(waiting.AsEnumerable().Reverse().Take(2), byStatus[CampaignStatus.AwaitingApproval].Select(c => c.Id));
        Assert.Empty(byStatus[CampaignStatus.Sending]);
    }

    [Fact]
    public async Task ListAsync_NothingInRange_EmptyPageWithoutCursor()
    {
        var store = await CreateStoreAsync();

        var page = await store.ListAsync(new CampaignListQuery { From = new DateOnly(2017, 1, 1), To = new DateOnly(2017, 1, 31) });

        Assert.Empty(page.Campaigns);
        Assert.Null(page.Older);
    }

    private static async Task<string> CreateAsync(CampaignStore store, DateTimeOffset at, CampaignStatus status)
    {
        var id = $"adhoc-{at:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..42];
        await store.CreateAsync(new Campaign
        {
            Id = id,
            Title = $"Campaign of {at:yyyy-MM-dd HH:mm}",
            AudienceQuery = "SELECT user_id FROM users",
            Message = new PushMessage { Title = "Hi", Body = "There" },
            Platforms = [PushPlatform.Android],
            RequesterName = "Ann",
            RequesterEmail = "ann@social.example",
            SubmittedAt = at,
            Status = status,
        });
        return id;
    }

    private async Task<CampaignStore> CreateStoreAsync() => new(await TestSettings.StorageClientsAsync(azurite));
}
