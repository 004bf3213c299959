using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Experiments.Events;
using Notifications.Core.Storage;
using Notifications.Security.Tests.Infrastructure;

namespace Notifications.Security.Tests.Experiments;

/// <summary>
/// <c>POST /api/events</c>, the apps' report of opens and conversions: anonymous at the Functions layer, so the app
/// user's token is the only credential. The attacks: report as someone else, report without signing in, inflate a
/// variant by reporting again and again, invent campaigns to fill the store, and smuggle data back through errors.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class OutcomeEventAttackTests(LocalHostFixture fixture)
{
    private const string Campaign = "sec-events-campaign";

    [Fact]
    public async Task Record_WithoutToken_401AndNothingRecorded()
    {
        await RegisterAsync();
        using var anonymous = fixture.Client();

        using var response = await anonymous.PostAsync("api/events", LocalHostFixture.Json($$"""{"type":"opened","campaignId":"{{Campaign}}"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await LinesAsync(Campaign, "anonymous"));
    }

    [Fact]
    public async Task Record_SomeoneElsesUserIdInTheBody_RefusedAndNothingRecorded()
    {
        await RegisterAsync();
        using var mallory = fixture.AppUser("mallory-events-1");

        using var response = await mallory.PostAsync("api/events", LocalHostFixture.Json($$"""{"type":"opened","campaignId":"{{Campaign}}","userId":"victim-1"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await LinesAsync(Campaign, "victim-1"));
        Assert.Empty(await LinesAsync(Campaign, "mallory-events-1"));
    }

    [Fact]
    public async Task Record_SameOpenFiveTimes_OneLineAndLaterCallsSayAlreadyRecorded()
    {
        await RegisterAsync();
        using var app = fixture.AppUser("events-repeat-1");
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 5; i++)
        {
            using var response = await app.PostAsync("api/events", LocalHostFixture.Json($$"""{"type":"opened","campaignId":"{{Campaign}}","arm":"variant-b"}"""));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        var line = Assert.Single(await LinesAsync(Campaign, "events-repeat-1"));
        Assert.Equal(OutcomeEventType.Opened, line.Type);
        Assert.Equal("variant-b", line.Arm);
    }

    [Fact]
    public async Task Record_OpenThenConversion_BothRecordedAsTheTokensUser()
    {
        await RegisterAsync();
        using var app = fixture.AppUser("events-both-1");

        using var opened = await app.PostAsync("api/events", LocalHostFixture.Json($$"""{"type":"opened","campaignId":"{{Campaign}}"}"""));
        using var converted = await app.PostAsync("api/events", LocalHostFixture.Json($$"""{"type":"converted","campaignId":"{{Campaign}}","goal":"invited-friend"}"""));

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal(HttpStatusCode.Created, converted.StatusCode);
        var lines = await LinesAsync(Campaign, "events-both-1");
        Assert.Equal([OutcomeEventType.Opened, OutcomeEventType.Converted], lines.Select(l => l.Type).Order());
        Assert.Equal("invited-friend", lines.Single(l => l.Type == OutcomeEventType.Converted).Goal);
    }

    [Fact]
    public async Task Record_InventedCampaign_404AndNothingStored()
    {
        using var mallory = fixture.AppUser("mallory-events-2");

        using var response = await mallory.PostAsync("api/events", LocalHostFixture.Json("""{"type":"opened","campaignId":"never-sent-campaign-xyz"}"""));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("never-sent-campaign-xyz", body, StringComparison.Ordinal);
        Assert.Empty(await LinesAsync("never-sent-campaign-xyz", "mallory-events-2"));
    }

    [Fact]
    public async Task Record_ArmTheCampaignDoesNotHave_400AndNothingStored()
    {
        await RegisterAsync();
        using var mallory = fixture.AppUser("mallory-events-3");

        using var response = await mallory.PostAsync("api/events", LocalHostFixture.Json($$"""{"type":"opened","campaignId":"{{Campaign}}","arm":"control"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("arm", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await LinesAsync(Campaign, "mallory-events-3"));
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { """{"type":"clicked","campaignId":"sec-events-campaign"}""", "type" },
        { """{"type":"opened","campaignId":"<script>alert(1)</script>"}""", "campaignId" },
        { """{"type":"opened","campaignId":"sec-events-campaign","arm":"a b c"}""", "arm" },
        { """{"type":"converted","campaignId":"sec-events-campaign"}""", "goal" },
        { """{"type":"converted","campaignId":"sec-events-campaign","goal":"DROP TABLE"}""", "goal" },
        { """{"type":"opened","campaignId":"sec-events-campaign","goal":"signup"}""", "goal" },
        { """{"type":"opened","campaignId":"sec-events-campaign","occurredAt":"2020-01-01T00:00:00Z"}""", "occurredAt" },
        { """{"type":"opened","campaignId":"sec-events-campaign","occurredAt":"2999-01-01T00:00:00Z"}""", "occurredAt" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Record_BadBody_400NamingTheFieldWithoutEchoingAndNothingStored(string body, string field)
    {
        await RegisterAsync();
        using var app = fixture.AppUser("events-bad-1");

        using var response = await app.PostAsync("api/events", LocalHostFixture.Json(body));
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(errors.TryGetProperty(field, out _), field);
        Assert.DoesNotContain("<script>", errors.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("DROP TABLE", errors.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(await LinesAsync(Campaign, "events-bad-1"));
    }

    private Task RegisterAsync() =>
        fixture.Host.Services.GetRequiredService<OutcomeEventStore>().RegisterCampaignAsync(Campaign, ["variant-a", "variant-b"], CancellationToken.None);

    /// <summary>The log lines of <paramref name="userId"/> for <paramref name="campaignId"/>, read from the log itself.</summary>
    private async Task<List<OutcomeEvent>> LinesAsync(string campaignId, string userId)
    {
        var container = fixture.Host.Services.GetRequiredService<StorageClients>().OutcomeEventLog;
        var lines = new List<OutcomeEvent>();
        if (!await container.ExistsAsync())
        {
            return lines;
        }

        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, CancellationToken.None))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            lines.AddRange(content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(OutcomeEventStore.Parse)
                .Where(e => e.CampaignId == campaignId && e.UserId == userId));
        }

        return lines;
    }
}
