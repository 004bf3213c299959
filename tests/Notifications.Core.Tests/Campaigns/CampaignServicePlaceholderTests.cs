using Notifications.Core.Approvals;
using Notifications.Core.Batches.Files;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Approvals;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Campaigns;

/// <summary>Placeholders of an ad-hoc campaign against its audience query, on DuckDB: refused at submit, carried into the file.</summary>
[Collection(StorageCollection.Name)]
public sealed class CampaignServicePlaceholderTests(AzuriteFixture azurite)
{
    private static CampaignRequest Request(string query) => new()
    {
        Title = "Artist joined",
        AudienceQuery = query,
        Message = new PushMessage
        {
            Title = "Hi {{first_name | default: \"there\"}}",
            Body = "A famous artist just joined.",
            Locales = new Dictionary<string, MessageLocale> { ["fr"] = new() { Body = "{{ city }} : un artiste arrive." } },
        },
        Platforms = ["android", "ios"],
    };

    [Fact]
    public async Task SubmitAsync_PlaceholderNamesAColumnTheQueryDoesNotReturn_FieldErrorOnThatFieldNothingStored()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);

        var submitted = await harness.Get<CampaignService>().SubmitAsync(harness.Client, Request("SELECT user_id, 'Ana' AS first_name FROM fans"), ApprovalHarness.Requester);

        Assert.Null(submitted.Campaign);
        Assert.Equal(["message.locales.fr.body"], submitted.Errors.Keys);
        Assert.Equal("the placeholder {{city}} names a column the audience query does not return", Assert.Single(submitted.Errors["message.locales.fr.body"]));
    }

    [Fact]
    public async Task SubmitAsync_PlaceholderColumnsReturned_DraftFileCarriesEachUsersValues()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var query = "SELECT user_id, CASE WHEN user_id = 'u1' THEN 'Ana' END AS first_name, 'Lyon' AS city FROM fans";

        var submitted = await harness.Get<CampaignService>().SubmitAsync(harness.Client, Request(query), ApprovalHarness.Requester);
        Assert.Empty(submitted.Errors);
        await ApprovalHarness.WaitUntilAsync(async () => (await harness.Get<CampaignStore>().GetAsync(submitted.Campaign!.Id))!.Status == CampaignStatus.AwaitingApproval);

        var blob = harness.Get<StorageClients>().CampaignBatches.GetBlobClient(CampaignPreparer.DraftBlobName(submitted.Campaign!.Id));
        var entries = new List<AudienceEntry>();
        await using var stream = await blob.OpenReadAsync();
        var (header, users, _) = await BatchFileReader.ReadAsync(stream, e =>
        {
            entries.Add(e);
            return ValueTask.CompletedTask;
        });
        Assert.Equal(10, users);
        Assert.Equal(["city", "first_name"], header.Columns);
        Assert.Equal(["Lyon", "Ana"], entries.Single(e => e.UserId == "u1").Values!);
        Assert.Equal(["Lyon", null], entries.Single(e => e.UserId == "u2").Values!);
    }
}
