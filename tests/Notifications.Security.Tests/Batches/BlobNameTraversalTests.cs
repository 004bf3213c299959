using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Batches;
using Notifications.Core.Storage;
using Notifications.Security.Tests.Infrastructure;

namespace Notifications.Security.Tests.Batches;

/// <summary>
/// Finding 2: <c>POST /api/batches</c> took <c>../</c>. The Blob SDK puts the name in the URL and URL normalisation
/// resolves dot segments, so <c>{"blobName":"../campaign-batches/campaigns/&lt;draft&gt;.json"}</c> sent a campaign
/// draft nobody had approved (202, then Completed). Each spelling started yet another send.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class BlobNameTraversalTests(LocalHostFixture fixture)
{
    public static TheoryData<string> Escapes => new()
    {
        "../campaign-batches/campaigns/draft.json",
        "./../campaign-batches/campaigns/draft.json",
        "x/../../campaign-batches/campaigns/draft.json",
        "%2e%2e/campaign-batches/campaigns/draft.json",
        "%2E%2E%2Fcampaign-batches%2Fcampaigns%2Fdraft.json",
        "..\\campaign-batches\\campaigns\\draft.json",
        "/campaign-batches/campaigns/draft.json",
        "campaigns/./draft.json",
        "campaigns//draft.json",
        "campaigns/draft.json/",
        "campaigns/draft.json.",
        "campaigns/\u0000draft.json",
        " campaigns/draft.json",
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public async Task StartBatch_NameThatIsNotCanonical_400NamingBlobNameAndNoSendStarted(string name)
    {
        // An unapproved draft in the campaign-batches container: the file the traversal used to reach.
        var storage = fixture.Host.Services.GetRequiredService<StorageClients>();
        await storage.EnsureCreatedAsync();
        var draft = storage.CampaignBatches.GetBlobClient("campaigns/draft.json");
        var uploaded = await draft.UploadAsync(BinaryData.FromString(
            """{"campaignId":"unapproved-draft","message":{"title":"Nobody approved this"},"audience":{"users":["demo-0000001"]}}"""), overwrite: true);
        using var http = fixture.Client();

        using var response = await http.PostAsync("api/batches", LocalHostFixture.Json(JsonSerializer.Serialize(new { blobName = name })));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("blobName", out var errors), problem.ToString());
        Assert.DoesNotContain("draft.json", errors.ToString(), StringComparison.Ordinal);
        var wouldBe = BatchInstanceIds.For(name, uploaded.Value.ETag.ToString());
        Assert.Null(await fixture.Host.Client.GetInstanceAsync(wouldBe, getInputsAndOutputs: false));
        Assert.DoesNotContain(fixture.Environment.Gateways.Recorder.Records, r => r.CollapseId == "unapproved-draft");
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    public void Problem_NameThatIsNotCanonical_RefusedWithoutRepeatingIt(string name)
    {
        var problem = BlobNames.Problem(name);

        Assert.NotNull(problem);
        Assert.DoesNotContain("draft", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spring-sale.json")]
    [InlineData("manual/2026-11-29/fix.json")]
    [InlineData("a.b/c..d.json")]
    public void Problem_CanonicalNestedName_Accepted(string name) => Assert.Null(BlobNames.Problem(name));

    [Fact]
    public async Task StartAsync_TraversalFromCode_Throws()
    {
        var batches = fixture.Host.Services.GetRequiredService<BatchService>();

        await Assert.ThrowsAsync<ArgumentException>(() => batches.StartAsync(fixture.Host.Client, "../campaign-batches/campaigns/draft.json", "\"0x1\""));
    }
}
