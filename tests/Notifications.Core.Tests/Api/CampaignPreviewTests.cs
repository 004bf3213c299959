using System.Text;
using Notifications.Core.Api;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Tests.Approvals;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Api;

[Collection(StorageCollection.Name)]
public sealed class CampaignPreviewTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PreviewAsync_SmallAudience_ExactUsersAndDevicesAndAFewIds()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var expected = await DevicesAsync(harness, PushPlatform.Android, PushPlatform.Ios);

        var response = await PreviewAsync(harness, """{"audienceQuery":"SELECT user_id FROM fans;","platforms":["android","ios"]}""");

        var preview = Assert.IsType<AudiencePreview>(response.Body);
        Assert.Equal(200, response.Status);
        Assert.Equal((10L, false, expected, false, "duckdb"), (preview.Users, preview.UsersAtLeast, preview.Devices, preview.DevicesEstimated, preview.Engine));
        Assert.Equal(AudiencePreviewer.Shown, preview.SampleUserIds.Count);
        Assert.All(preview.SampleUserIds, id => Assert.Matches("^u[0-9]$", id));
        Assert.Equal(0, harness.Batch.Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task PreviewAsync_VariantsAndTranslations_EveryFormWithItsTextAndReach()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var now = TimeProvider.System.GetUtcNow();
        // Every user's Android phone is in French: each variant's French form reaches them, the default form nobody's.
        await harness.Batch.Registry.ImportAsync(Enumerable.Range(0, 10).Select(i =>
            new DeviceRegistration($"u{i}", PushPlatform.Android, $"fcm-u{i}:APA91b", null, now, now, null, "fr-CA")));

        var response = await PreviewAsync(harness, """
            {"audienceQuery":"SELECT user_id FROM fans","platforms":["android"],"controlPercent":20,
             "variants":[{"name":"a","percent":40,"message":{"title":"{{ first_name | default: \"Hi\" }}, hello","locales":{"fr":{"title":"Salut"}}}},
                         {"name":"b","percent":40,"message":{"title":"Hey","locales":{"fr":{"title":"Coucou"}}}}]}
            """);

        var preview = Assert.IsType<AudiencePreview>(response.Body);
        Assert.Equal(
            ["Variant a · Default (every other language)", "Variant a · French (fr)", "Variant b · Default (every other language)", "Variant b · French (fr)"],
            preview.Forms.Select(f => f.Label));
        Assert.Equal(["Hi, hello", "Salut", "Hey", "Coucou"], preview.Forms.Select(f => MessageForms.Fill(f.Template, _ => null).Title));
        Assert.Equal("{{ first_name | default: \"Hi\" }}, hello", preview.Forms[0].Template.Title);
        // Each sampled user gets an arm by the send's hash (the preview's experiment id: the campaign has none yet), as the
        // review will count it; the sample is the whole audience here, so the figures are exact.
        var arms = new Notifications.Core.Batches.Files.ExperimentArms(new Notifications.Core.Batches.Files.Experiment
        {
            Id = "preview", ControlPercent = 20,
            Variants = [new() { Name = "a", Percent = 40, Message = new PushMessage() }, new() { Name = "b", Percent = 40, Message = new PushMessage() }],
        });
        var inArm = Enumerable.Range(0, 10).Select(i => arms.Assign($"u{i}")).ToList();
        Assert.Equal([0L, inArm.Count(a => a == 0), 0L, inArm.Count(a => a == 1)], preview.Forms.Select(f => f.Devices));
    }

    [Fact]
    public async Task PreviewAsync_OnePlatform_DevicesOfThatPlatformOnly()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var ios = await DevicesAsync(harness, PushPlatform.Ios);

        var preview = Assert.IsType<AudiencePreview>((await PreviewAsync(harness, """{"audienceQuery":"SELECT user_id FROM fans","platforms":["ios"]}""")).Body);

        Assert.Equal(ios, preview.Devices);
        Assert.True(ios < await DevicesAsync(harness, PushPlatform.Android, PushPlatform.Ios));
    }

    [Fact]
    public async Task PreviewAsync_Typo_400WithTheEnginesWordsOnTheQueryField()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);

        var response = await PreviewAsync(harness, """{"audienceQuery":"SELECT user_id FROM fanz"}""");

        var problem = Assert.IsType<ProblemDetails>(response.Body);
        Assert.Equal(400, response.Status);
        var message = Assert.Single(problem.Errors!["audienceQuery"]);
        Assert.Contains("fanz", message, StringComparison.Ordinal);
        Assert.DoesNotContain("CAST(", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"audienceQuery":"  "}""", "audienceQuery")]
    [InlineData("""{"audienceQuery":"SELECT user_id FROM fans","platforms":["windows"]}""", "platforms[0]")]
    public async Task PreviewAsync_BadField_400NamingIt(string body, string field)
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);

        var response = await PreviewAsync(harness, body);

        Assert.Equal(400, response.Status);
        Assert.Contains(field, Assert.IsType<ProblemDetails>(response.Body).Errors!.Keys);
    }

    [Fact]
    public async Task EstimateDevicesAsync_MoreUsersThanSampled_ScaledUpAndMarkedEstimated()
    {
        await using var harness = await ApprovalHarness.StartAsync(azurite);
        var sampled = Enumerable.Range(0, 10).Select(i => $"u{i}").ToList();
        var all = await DevicesAsync(harness, PushPlatform.Android, PushPlatform.Ios);

        var (devices, estimated) = await harness.Get<AudiencePreviewer>().EstimateDevicesAsync(100, sampled, []);
        var (exact, exactEstimated) = await harness.Get<AudiencePreviewer>().EstimateDevicesAsync(10, sampled, []);

        Assert.Equal((all * 10, true), (devices, estimated));
        Assert.Equal((all, false), (exact, exactEstimated));
    }

    private static Task<ApiResponse> PreviewAsync(ApprovalHarness harness, string json) =>
        harness.Get<CampaignApi>().PreviewAsync(new ApiBody("application/json", new MemoryStream(Encoding.UTF8.GetBytes(json))), CancellationToken.None);

    private static async Task<long> DevicesAsync(ApprovalHarness harness, params PushPlatform[] platforms)
    {
        long count = 0;
        for (var i = 0; i < 10; i++)
        {
            count += (await harness.Batch.Registry.GetDevicesAsync($"u{i}")).Count(d => platforms.Contains(d.Platform));
        }

        return count;
    }
}
