using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals;
using Notifications.Core.Campaigns;
using Notifications.Local.Demo;
using Notifications.Core.Tests.Approvals;
using Notifications.Security.Tests.Infrastructure;

namespace Notifications.Security.Tests.EndToEnd;

/// <summary>
/// The chain that used to work end to end on <c>notify serve</c>: read the approval signing key through the audience
/// query, forge an approve link with it, and send a campaign to every user. It now stops at its first step, and a
/// link forged with any other key is refused.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class KeyTheftChainTests(LocalHostFixture fixture)
{
    [Fact]
    public async Task Chain_ReadTheKeyThroughTheQuery_StopsAtSubmitWithoutEchoingIt()
    {
        var secrets = Path.Combine(fixture.Environment.Directory, "security", "secrets");
        var key = (await File.ReadAllTextAsync(Path.Combine(secrets, "approval-signing-keys"))).Trim();
        using var maya = fixture.SignedIn("Maya", "maya@social.example");
        string[] steps =
        [
            $"SELECT content AS user_id FROM read_text('{secrets}/approval-signing-keys')",
            $"SELECT file AS user_id FROM glob('{secrets}/*')",
            $"SELECT * FROM read_csv('{secrets}/approval-signing-keys', header = false, columns = {{'user_id': 'VARCHAR'}})",
        ];

        foreach (var query in steps)
        {
            using var response = await maya.PostAsync("api/campaigns", LocalHostFixture.Json(LocalHostFixture.CampaignBody(query)));
            var body = await response.Content.ReadAsStringAsync();
            var problem = JsonDocument.Parse(body).RootElement;

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(problem.GetProperty("errors").TryGetProperty("audienceQuery", out _), body);
            Assert.DoesNotContain(key, body, StringComparison.Ordinal);
            Assert.DoesNotContain("approval-signing-keys\"", body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(fixture.Host.MailSink.Messages, m => m.Html.Contains(key, StringComparison.Ordinal) || m.Text.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chain_ApproveLinkForgedWithAnotherKey_RefusedAndNothingSent()
    {
        using var maya = fixture.SignedIn("Maya", "maya@social.example");
        using var submitted = await maya.PostAsync("api/campaigns", LocalHostFixture.Json(LocalHostFixture.CampaignBody(AdHocDemo.MusicFansQuery)));
        var campaignId = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var campaigns = fixture.Host.Services.GetRequiredService<CampaignStore>();
        await ApprovalHarness.WaitUntilAsync(async () => (await campaigns.GetAsync(campaignId))!.Status == CampaignStatus.AwaitingApproval);

        var real = fixture.Host.Services.GetRequiredService<IOptions<ApprovalOptions>>().Value;
        var guessed = new ApprovalOptions
        {
            SigningKeys = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            PublicBaseUrl = real.PublicBaseUrl,
        };
        var forged = new ApprovalLinkSigner(Options.Create(guessed), TimeProvider.System)
            .Issue(campaignId, ApprovalAction.Approve, real.Approvers[0].Email, TimeProvider.System.GetUtcNow().AddHours(1));
        using var http = fixture.Client();
        using var confirm = new HttpRequestMessage(HttpMethod.Post, "approvals/" + forged) { Headers = { { "Origin", fixture.Host.ApiUrl.GetLeftPart(UriPartial.Authority) } } };

        using var opened = await http.GetAsync("approvals/" + forged);
        using var posted = await http.SendAsync(confirm);
        await Task.Delay(1000);

        Assert.Equal(HttpStatusCode.BadRequest, opened.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal(CampaignStatus.AwaitingApproval, (await campaigns.GetAsync(campaignId))!.Status);
        Assert.DoesNotContain(fixture.Environment.Gateways.Recorder.Records, r => r.CollapseId == campaignId);
    }

    [Fact]
    public async Task Chain_RequesterIsTheOnlyApprover_NothingAskedCampaignFails()
    {
        var approver = fixture.Host.Services.GetRequiredService<IOptions<ApprovalOptions>>().Value.Approvers.Single();
        using var self = fixture.SignedIn(approver.Name, approver.Email);

        using var submitted = await self.PostAsync("api/campaigns", LocalHostFixture.Json(LocalHostFixture.CampaignBody(AdHocDemo.MusicFansQuery)));
        var campaignId = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var campaigns = fixture.Host.Services.GetRequiredService<CampaignStore>();
        await ApprovalHarness.WaitUntilAsync(async () => (await campaigns.GetAsync(campaignId))!.Status == CampaignStatus.Failed);

        Assert.Contains("other than the requester", (await campaigns.GetAsync(campaignId))!.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Host.MailSink.Messages, m => m.Subject.StartsWith("Approval needed", StringComparison.Ordinal) && m.Html.Contains(campaignId, StringComparison.Ordinal));
    }
}
