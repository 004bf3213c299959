using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Tests.Infrastructure;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Contacts;

/// <summary>The frequency cap on real sends: durable test host, Azurite, loopback gateways; the default policy (1 a day, 3 a week).</summary>
[Collection(StorageCollection.Name)]
public sealed class FrequencyCapTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PlanAsync_SecondCampaignTheSameDay_EveryUserTheFirstReachedIsCapped()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(20);

        var first = await harness.WaitAsync(await harness.StartAsync("first.json", BatchHarness.BatchJson(20, "campaign-a")));
        var second = await harness.WaitAsync(await harness.StartAsync("second.json", BatchHarness.BatchJson(20, "campaign-b")));

        Assert.Equal((0L, 30L), (first.Capped, first.Counts.Sent));
        Assert.Equal((20L, 0L, 0L), (second.Capped, second.Devices, second.Counts.Sent));
        Assert.Equal(BatchOutcome.Completed, second.Outcome);
        Assert.DoesNotContain(harness.Gateways.Recorder.Records, r => r.CollapseId == "campaign-b");
    }

    [Fact]
    public async Task PlanAsync_SomeUsersReachedEarlier_OnlyThoseCapped()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(20);

        await harness.WaitAsync(await harness.StartAsync("first.json", BatchHarness.BatchJson(8, "campaign-a")));
        var second = await harness.WaitAsync(await harness.StartAsync("second.json", BatchHarness.BatchJson(20, "campaign-b")));

        Assert.Equal(8, second.Capped);
        Assert.Equal(12 + 6, second.Counts.Sent);
        Assert.All(harness.Gateways.Recorder.Records.Where(r => r.CollapseId == "campaign-b"), r => Assert.DoesNotMatch("^fcm-u[0-7]:", r.Token));
    }

    [Fact]
    public async Task PlanAsync_SameCampaignUploadedAgain_NeverCappedByItself()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(10);

        await harness.WaitAsync(await harness.StartAsync("spring.json", BatchHarness.BatchJson(10, "campaign-spring")));
        var again = await harness.WaitAsync(await harness.StartAsync("spring-fixed.json", BatchHarness.BatchJson(10, "campaign-spring")));

        Assert.Equal(0, again.Capped);
        Assert.Equal(15, again.Counts.Sent);
    }

    [Fact]
    public async Task PlanAsync_Transactional_NeitherCappedNorCounted()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        await harness.SeedAsync(10);
        const string Transactional = "\"options\":{\"transactional\":true},";

        var receipt = await harness.WaitAsync(await harness.StartAsync("receipt.json", BatchHarness.BatchJson(10, "receipt-1", Transactional)));
        var marketing = await harness.WaitAsync(await harness.StartAsync("marketing.json", BatchHarness.BatchJson(10, "campaign-a")));
        var securityNotice = await harness.WaitAsync(await harness.StartAsync("notice.json", BatchHarness.BatchJson(10, "notice-1", Transactional)));

        Assert.Equal((0L, 15L), (receipt.Capped, receipt.Counts.Sent));
        Assert.Equal((0L, 15L), (marketing.Capped, marketing.Counts.Sent));
        Assert.Equal((0L, 15L), (securityNotice.Capped, securityNotice.Counts.Sent));
    }

    [Fact]
    public async Task PlanAsync_WeeklyWindowOnly_ThirdCampaignCapped()
    {
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: new Dictionary<string, string?>
        {
            ["FrequencyCap:MaxPerDay"] = "0",
            ["FrequencyCap:MaxPerWeek"] = "2",
        });
        await harness.SeedAsync(6);

        var capped = new List<long>();
        foreach (var campaign in new[] { "week-1", "week-2", "week-3" })
        {
            capped.Add((await harness.WaitAsync(await harness.StartAsync(campaign + ".json", BatchHarness.BatchJson(6, campaign)))).Capped);
        }

        Assert.Equal([0L, 0L, 6L], capped);
    }

    [Fact]
    public async Task PlanAsync_CapOff_EveryCampaignReachesEveryone()
    {
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: new Dictionary<string, string?>
        {
            ["FrequencyCap:MaxPerDay"] = "0",
            ["FrequencyCap:MaxPerWeek"] = "0",
        });
        await harness.SeedAsync(6);

        await harness.WaitAsync(await harness.StartAsync("a.json", BatchHarness.BatchJson(6, "campaign-a")));
        var second = await harness.WaitAsync(await harness.StartAsync("b.json", BatchHarness.BatchJson(6, "campaign-b")));

        Assert.Equal((0L, 9L), (second.Capped, second.Counts.Sent));
    }

    [Fact]
    public async Task PlanAsync_TwoCampaignsPlannedAtOnce_NoUserGetsBoth()
    {
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: new Dictionary<string, string?> { ["Batches:ShardBytes"] = "64" });
        await harness.SeedAsync(40);

        var ids = await Task.WhenAll(
            harness.StartAsync("a.json", BatchHarness.BatchJson(40, "campaign-a")),
            harness.StartAsync("b.json", BatchHarness.BatchJson(40, "campaign-b")));
        var summaries = await Task.WhenAll(ids.Select(harness.WaitAsync));

        // Each user went to exactly one of them: the segment locks made the second planner see the first one's contacts.
        Assert.Equal(40, summaries.Sum(s => s.Capped));
        var tokensReached = harness.Gateways.Recorder.Records.GroupBy(r => r.Token).ToList();
        Assert.Equal(60, tokensReached.Count);
        Assert.All(tokensReached, t => Assert.Single(t.Select(r => r.CollapseId).Distinct()));
    }

    [Fact]
    public async Task ResumeAsync_CancelledThenResumed_ItsOwnUsersNotCappedAndCountedOnce()
    {
        await using var harness = await BatchHarness.StartAsync(azurite,
            new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(100) },
            new Dictionary<string, string?> { ["Batches:ChunkSize"] = "4", ["Fcm:MaxConcurrency"] = "1", ["Apns:MaxConcurrency"] = "1" });
        await harness.SeedAsync(20);
        var batchId = await harness.StartAsync("resume.json", BatchHarness.BatchJson(20, "campaign-r"));
        for (var i = 0; i < 300 && harness.Gateways.Recorder.Accepted == 0; i++)
        {
            await Task.Delay(50);
        }

        await harness.Batches.CancelAsync(harness.Client, batchId, "test operator");
        await harness.WaitAsync(batchId);
        var resume = await harness.Batches.ResumeAsync(harness.Client, batchId, "test operator");
        var resumed = await harness.WaitAsync(batchId);
        var next = await harness.WaitAsync(await harness.StartAsync("next.json", BatchHarness.BatchJson(20, "campaign-next")));

        // The send really was cut short and resumed (else this would prove nothing about a resumed plan).
        Assert.Equal(Notifications.Core.Batches.BatchResumeOutcome.Resumed, resume.Outcome);
        Assert.Equal((0L, 30L), (resumed.Capped, resumed.Counts.Sent));
        Assert.Equal(20, next.Capped);
    }

    [Fact]
    public async Task PlanAsync_CohortRunAfterAnApprovedAdHocCampaign_ReachedUsersCappedControlUntouched()
    {
        await using var harness = await Approvals.ApprovalHarness.StartAsync(azurite);
        var campaign = await harness.SubmitAsync();
        await harness.ClickAsync(harness.Link(Approvals.ApprovalHarness.Ada, "Approve"));
        var adHoc = await harness.OutcomeAsync(campaign.Id);

        // A cohort run's file: an experiment with a control group, as the cohort preparer writes it.
        var users = string.Join(",", Enumerable.Range(0, 10).Select(i => $"\"u{i}\""));
        var cohortRun = await harness.Batch.WaitAsync(await harness.Batch.StartAsync("cohorts/day2-engagement-2026-11-29.json",
            "{\"campaignId\":\"day2-engagement-20261129\",\"experiment\":{\"id\":\"day2\",\"controlPercent\":20,\"variants\":[" +
            "{\"name\":\"a\",\"percent\":40,\"message\":{\"title\":\"Follow more\"}},{\"name\":\"b\",\"percent\":40,\"message\":{\"title\":\"Invite\"}}]}," +
            "\"audience\":{\"users\":[" + users + "]}}"));

        Assert.Equal((10L, 15L), (adHoc.Summary!.Users, adHoc.Summary.Counts.Sent));
        Assert.Equal(10 - cohortRun.ControlUsers, cohortRun.Capped);
        Assert.Equal((0L, 0L), (cohortRun.Devices, cohortRun.Counts.Sent));
    }
}
