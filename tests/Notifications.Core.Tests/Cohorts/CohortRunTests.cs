using System.Text;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Api;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Cohorts;
using Notifications.Core.Delivery;
using Notifications.Core.Cohorts.Orchestration;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Batches.Orchestration;
using Notifications.Core.Tests.Infrastructure;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Cohorts;

/// <summary>
/// Cohort runs for real: the durable test host, Azurite, the loopback gateways, and a DuckDB analytics data set
/// whose users are placed exactly on and around each cohort's days.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class CohortRunTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 6, 15);
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"cohorts-{Guid.NewGuid():N}.duckdb");

    public async Task InitializeAsync()
    {
        // u0-u19 signed up the day before and never finished; u20-u39 the same day but finished; u40-u59 finished two
        // days before; u60-u99 last logged in exactly 21 days before; u100-u119 also logged in then, but again 20 days before.
        await using var connection = new DuckDBConnection($"Data Source={_database}");
        await connection.OpenAsync();
        string[] statements =
        [
            "CREATE TABLE users (user_id VARCHAR, signed_up_at TIMESTAMP, signup_completed BOOLEAN, first_name VARCHAR)",
            "CREATE TABLE events (user_id VARCHAR, event_type VARCHAR, occurred_at TIMESTAMP)",
            $"INSERT INTO users SELECT 'u' || i, TIMESTAMP '{Day.AddDays(-1):yyyy-MM-dd} 08:00:00' + INTERVAL (i) MINUTE, i >= 20, NULL FROM range(40) t(i)",
            $"INSERT INTO users SELECT 'u' || i, TIMESTAMP '{Day.AddDays(-2):yyyy-MM-dd} 23:00:00', true, NULL FROM range(40, 60) t(i)",
            $"INSERT INTO users SELECT 'u' || i, TIMESTAMP '{Day.AddDays(-90):yyyy-MM-dd} 10:00:00', true, CASE WHEN i % 2 = 0 THEN 'Ana' END FROM range(60, 120) t(i)",
            "INSERT INTO events SELECT user_id, 'signup_completed', signed_up_at + INTERVAL 5 MINUTE FROM users WHERE signup_completed",
            $"INSERT INTO events SELECT 'u' || i, 'login', TIMESTAMP '{Day.AddDays(-21):yyyy-MM-dd} 21:30:00' FROM range(60, 120) t(i)",
            $"INSERT INTO events SELECT 'u' || i, 'login', TIMESTAMP '{Day.AddDays(-30):yyyy-MM-dd} 09:00:00' FROM range(60, 120) t(i)",
            $"INSERT INTO events SELECT 'u' || i, 'login', TIMESTAMP '{Day.AddDays(-20):yyyy-MM-dd} 00:10:00' FROM range(100, 120) t(i)",
        ];
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    public Task DisposeAsync()
    {
        File.Delete(_database);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("day1-unfinished-signup", 0, 20)]
    [InlineData("day2-engagement", 40, 60)]
    [InlineData("day21-inactive", 60, 100)]
    public async Task Run_EachCohort_ItsUsersGetTheirArmsMessageAndControlNothing(string cohortId, int first, int end)
    {
        await using var harness = await StartAsync();
        var campaign = CohortCatalog.Find(cohortId)!;
        var arms = new ExperimentArms(campaign.Experiment);
        var cohort = Enumerable.Range(first, end - first).ToList();
        var control = cohort.Where(i => arms.Assign($"u{i}") == ExperimentArms.Control).ToList();

        var outcome = await RunAsync(harness, cohortId, Day);

        var pushes = harness.Gateways.Recorder.Records.Where(r => r.CollapseId == campaign.CampaignIdFor(Day)).ToList();
        var pushedUsers = pushes.Where(p => p.Gateway == "fcm").Select(p => int.Parse(p.Token[5..p.Token.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Null(outcome.Error);
        Assert.Equal(cohort.Count, outcome.Users);

        // Both sides non-empty, so the comparison below cannot pass by everyone (or no one) being in control.
        Assert.NotEmpty(control);
        Assert.True(pushedUsers.Count > control.Count, $"{pushedUsers.Count} pushed, {control.Count} in control");
        Assert.Equal(cohort.Except(control).Order(), pushedUsers.Order());
        Assert.Equal(cohort.Except(control).Sum(i => i % 2 == 0 ? 2 : 1), pushes.Count);

        // One message per arm (its body; a personal title differs by user), and every user of an arm got that arm's.
        var bodyByArm = pushes.Where(p => p.Gateway == "fcm")
            .GroupBy(p => arms.Assign("u" + p.Token[5..p.Token.IndexOf(':', StringComparison.Ordinal)]))
            .ToDictionary(g => g.Key, g => g.Select(p => p.Body).Distinct().Single());
        Assert.Equal(bodyByArm.Count, bodyByArm.Values.Distinct().Count());
        if (cohortId == "day21-inactive")
        {
            // Its first variant greets by the first_name the query returns (the even users have one), else "friend".
            var greeted = pushes.Where(p => p.Gateway == "fcm" && p.Title!.StartsWith("We missed you", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(greeted);
            Assert.All(greeted, p => Assert.Equal(
                int.Parse(p.Token[5..p.Token.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? "We missed you, Ana" : "We missed you, friend", p.Title));
        }

        var summary = outcome.Summary!;
        Assert.Equal(["control", .. campaign.Experiment.Variants.Select(v => v.Name)], summary.Arms.Select(a => a.Name));
        Assert.Equal(control.Count, summary.Arms[0].Users);
        Assert.Equal(0, summary.Arms[0].Sent);
        Assert.Equal(pushes.Count, summary.Arms.Sum(a => a.Sent));
        Assert.Equal(cohort.Count, summary.Arms.Sum(a => a.Users));

        var exposures = await ExposuresAsync(harness, campaign.Experiment.Id);
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("docs/exposures.schema.json")))!.AsArray().Select(f => f!["name"]!.GetValue<string>());
        Assert.Equal(cohort.Count, exposures.Count);
        Assert.All(exposures, e => Assert.Equal(schema.Order(), e.AsObject().Select(p => p.Key).Order()));
        Assert.All(exposures, e => Assert.Equal(campaign.Experiment.Id, e["experiment_id"]!.GetValue<string>()));
        Assert.All(exposures, e => Assert.Equal(Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), e["run_date"]!.GetValue<string>()));

        // What the app echoes back to POST /api/events: the campaign and the arm, on every push.
        Assert.All(pushes, p => Assert.Equal(campaign.CampaignIdFor(Day), p.Data!["campaign"]));
        Assert.All(pushes, p => Assert.Contains(p.Data!["arm"], campaign.Experiment.Variants.Select(v => v.Name)));
        Assert.Equal(control.Select(i => $"u{i}").Order(), exposures.Where(e => e["arm"]!.GetValue<string>() == "control").Select(e => e["user_id"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Readout_RunStillWaitingForQuietHours_LinksItsSendAndCountsWhatWasPushed()
    {
        // Quiet hours around now in UTC (everyone's default); the even day-21 users told us they live in India, where
        // it is day: they are pushed now and the rest wait two hours, so the run stays running with its send waiting.
        var now = DateTime.UtcNow;
        await using var harness = await StartAsync(new Dictionary<string, string?>
        {
            ["QuietHours:Enabled"] = "true",
            ["QuietHours:Start"] = now.AddHours(-2).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["QuietHours:End"] = now.AddHours(2).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["QuietHours:DefaultTimeZone"] = "UTC",
        });
        var seen = DateTimeOffset.UtcNow;
        await harness.Registry.ImportAsync(Enumerable.Range(60, 40).Where(i => i % 2 == 0)
            .Select(i => new Core.Devices.DeviceRegistration($"u{i}", PushPlatform.Android, $"fcm-u{i}:APA91b", "com.example.social", seen, seen, "Asia/Kolkata")));
        var campaign = CohortCatalog.Find("day21-inactive")!;
        var cohorts = harness.Services.GetRequiredService<CohortApi>();
        var start = await harness.Services.GetRequiredService<CohortScheduler>().StartAsync(harness.Client, campaign.Id, Day, "test");

        CohortRunView? run = null;
        Core.Batches.BatchStatus? send = null;
        var timeout = Timeout();
        while (send?.Interim is null)
        {
            await Task.Delay(200, timeout);
            run = (await cohorts.RunsAsync(harness.Client, campaign.Id, new DateRange(Day, Day), timeout)).Single();
            send = run.BatchId is { } id ? await harness.Batches.GetStatusAsync(harness.Client, id, timeout) : null;
        }

        var readout = await harness.Services.GetRequiredService<Core.Experiments.Readout.ExperimentReadoutService>()
            .ForCohortAsync(harness.Client, campaign, new DateRange(Day, Day), timeout);
        var pushed = harness.Gateways.Recorder.Records.Count(r => r.CollapseId == campaign.CampaignIdFor(Day));

        Assert.Equal(start.InstanceId, run!.InstanceId);
        Assert.Equal("Running", run.Status);
        Assert.Null(run.Outcome);
        Assert.True(pushed > 0);
        Assert.Equal(pushed, send!.Interim!.Counts.Sent);
        Assert.Equal(pushed, readout.Arms.Sum(a => a.Pushed));
        Assert.Equal(40, readout.Arms.Sum(a => a.Users));
        Assert.True(await harness.Batches.CancelAsync(harness.Client, run.BatchId!, "tester"));
    }

    [Fact]
    public async Task Timer_FiredThreeTimesAtOnceThenAgainLater_OneRunOneSend()
    {
        await using var harness = await StartAsync();
        var scheduler = harness.Services.GetRequiredService<CohortScheduler>();
        var campaign = CohortCatalog.Find("day21-inactive")!;

        var starts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => scheduler.StartAsync(harness.Client, campaign.Id, Day, "timer")));
        var done = await harness.Client.WaitForInstanceCompletionAsync(CohortRun.InstanceId(campaign.Id, Day), getInputsAndOutputs: true, Timeout());
        var late = await scheduler.StartAsync(harness.Client, campaign.Id, Day, "timer");
        await Task.Delay(TimeSpan.FromSeconds(2));

        var pushes = harness.Gateways.Recorder.Records.Where(r => r.CollapseId == campaign.CampaignIdFor(Day)).ToList();
        Assert.Single(starts, s => s.Started);
        Assert.False(late.Started);
        Assert.Equal("Completed", late.ExistingStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(done.ReadOutputAs<CohortOutcome>()!.Summary!.Counts.Sent, pushes.Count);
        Assert.Equal(pushes.Count, pushes.Select(p => p.Key).Distinct().Count());
        Assert.Equal(1, await CountBlobsAsync(harness, "cohorts/day21-inactive/"));
    }

    [Fact]
    public async Task Start_ClaimLeftByAStarterThatDied_TakenOverAndRun()
    {
        await using var harness = await StartAsync();
        var storage = harness.Services.GetRequiredService<StorageClients>();
        await storage.EnsureCreatedAsync();
        await storage.CohortRuns.AddEntityAsync(new Azure.Data.Tables.TableEntity("day2-engagement", $"{Day:yyyy-MM-dd}")
        {
            ["Trigger"] = "timer",
            ["ClaimedAt"] = TimeProvider.System.GetUtcNow() - TimeSpan.FromHours(1),
        });

        var start = await harness.Services.GetRequiredService<CohortScheduler>().StartAsync(harness.Client, "day2-engagement", Day, "operator");
        var done = await harness.Client.WaitForInstanceCompletionAsync(start.InstanceId, getInputsAndOutputs: true, Timeout());

        Assert.True(start.Started);
        Assert.Equal(20, done.ReadOutputAs<CohortOutcome>()!.Users);
    }

    [Fact]
    public async Task Start_RunScheduledBeforeAndHistoryPurged_NotSentAgain()
    {
        await using var harness = await StartAsync();
        var scheduler = harness.Services.GetRequiredService<CohortScheduler>();
        var first = await scheduler.StartAsync(harness.Client, "day1-unfinished-signup", Day, "timer");
        await harness.Client.WaitForInstanceCompletionAsync(first.InstanceId, Timeout());
        var sent = harness.Gateways.Recorder.Records.Count;
        await harness.Client.PurgeInstanceAsync(first.InstanceId);

        var again = await scheduler.StartAsync(harness.Client, "day1-unfinished-signup", Day, "operator");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.True(sent > 0);
        Assert.False(again.Started);
        Assert.Equal("Purged", again.ExistingStatus);
        Assert.Null(await harness.Client.GetInstanceAsync(first.InstanceId));
        Assert.Equal(sent, harness.Gateways.Recorder.Records.Count);
    }

    [Fact]
    public async Task Prepare_RunTwice_SameFileSameETag()
    {
        await using var harness = await StartAsync();
        var preparer = harness.Services.GetRequiredService<CohortPreparer>();
        var run = new CohortRun("day2-engagement", Day, "test");

        var first = await preparer.PrepareAsync(run);
        var again = await preparer.PrepareAsync(run);

        Assert.Equal(20, first.Users);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task OperatorRun_MissedDayByDate_RunsForThatDayOnce()
    {
        await using var harness = await StartAsync();
        var api = harness.Services.GetRequiredService<CohortApi>();
        var missed = Day.AddDays(1);

        var started = await api.RunAsync(harness.Client, "day21-inactive", Body($$"""{"date":"{{missed:yyyy-MM-dd}}"}"""), CancellationToken.None);
        var outcome = (await harness.Client.WaitForInstanceCompletionAsync(CohortRun.InstanceId("day21-inactive", missed), getInputsAndOutputs: true, Timeout()))
            .ReadOutputAs<CohortOutcome>()!;
        var again = await api.RunAsync(harness.Client, "day21-inactive", Body($$"""{"date":"{{missed:yyyy-MM-dd}}"}"""), CancellationToken.None);
        var future = await api.RunAsync(harness.Client, "day21-inactive", Body("""{"date":"2999-01-01"}"""), CancellationToken.None);
        var garbage = await api.RunAsync(harness.Client, "day21-inactive", Body("""{"date":"yesterday"}"""), CancellationToken.None);
        var unknown = await api.RunAsync(harness.Client, "day99", Body("{}"), CancellationToken.None);

        Assert.Equal(202, started.Status);
        Assert.Equal($"/api/cohorts/day21-inactive/runs/{missed:yyyy-MM-dd}", started.Location);
        Assert.Equal(missed, outcome.Date);

        // 21 days before the missed day is when u100-u119 last logged in: its own cohort, not the day before's.
        Assert.Equal(20, outcome.Users);
        Assert.Equal(200, again.Status);
        Assert.Equal(400, future.Status);
        Assert.Equal(400, garbage.Status);
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task ListRuns_TwoDaysRun_NewestFirstWithPerArmCounts()
    {
        await using var harness = await StartAsync();
        var api = harness.Services.GetRequiredService<CohortApi>();
        foreach (var day in new[] { Day, Day.AddDays(1) })
        {
            await api.RunAsync(harness.Client, "day2-engagement", Body($$"""{"date":"{{day:yyyy-MM-dd}}"}"""), CancellationToken.None);
            await harness.Client.WaitForInstanceCompletionAsync(CohortRun.InstanceId("day2-engagement", day), Timeout());
        }

        var listed = await api.ListRunsAsync(harness.Client, "day2-engagement", Query(("from", $"{Day.AddDays(-3):yyyy-MM-dd}"), ("to", $"{Day.AddDays(3):yyyy-MM-dd}")), CancellationToken.None);
        var outside = await api.ListRunsAsync(harness.Client, "day2-engagement", Query(("from", $"{Day.AddDays(2):yyyy-MM-dd}"), ("to", $"{Day.AddDays(3):yyyy-MM-dd}")), CancellationToken.None);
        var tooLong = await api.ListRunsAsync(harness.Client, "day2-engagement", Query(("from", "2026-01-01"), ("to", "2026-12-31")), CancellationToken.None);
        var unknown = await api.ListRunsAsync(harness.Client, "day99", Query(), CancellationToken.None);

        var runs = Json(listed).GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(200, listed.Status);
        Assert.Equal([$"{Day.AddDays(1):yyyy-MM-dd}", $"{Day:yyyy-MM-dd}"], runs.Select(r => r.GetProperty("date").GetString()));
        Assert.All(runs, r => Assert.Equal("Completed", r.GetProperty("status").GetString()));
        Assert.All(runs, r => Assert.True(r.GetProperty("outcome").GetProperty("summary").GetProperty("arms").GetArrayLength() > 1, r.ToString()));
        Assert.Empty(Json(outside).GetProperty("runs").EnumerateArray());
        Assert.Equal(400, tooLong.Status);
        Assert.Equal(404, unknown.Status);
    }

    private static Func<string, string?> Query(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private static System.Text.Json.JsonElement Json(ApiResponse response) =>
        System.Text.Json.JsonSerializer.SerializeToElement(response.Body, ApiJson.Options);

    [Fact]
    public async Task OperatorRun_DayWhoseQueryFailed_RunsAgainAndSendsOnce()
    {
        // The first run's query fails (the table is not there yet); the timer firing again must not retry, the
        // operator's re-run must, and a third call changes nothing once it succeeded.
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["Audience:Engine"] = "BigQuery" });
        var api = harness.Services.GetRequiredService<CohortApi>();
        var scheduler = harness.Services.GetRequiredService<CohortScheduler>();
        var instanceId = CohortRun.InstanceId("day21-inactive", Day);
        var body = Body($$"""{"date":"{{Day:yyyy-MM-dd}}"}""");

        var failed = await RunAsync(harness, "day21-inactive", Day);
        var acceptedAfterFailure = harness.Gateways.Recorder.Accepted;
        var timerAgain = await scheduler.StartAsync(harness.Client, "day21-inactive", Day, "timer");
        harness.Gateways.BigQuery.Register("MAX(e.occurred_at)", ["user_id", "first_name"], Enumerable.Range(60, 40).Select(i => new string?[] { $"u{i}", null }));
        var rerun = await api.RunAsync(harness.Client, "day21-inactive", body, CancellationToken.None);
        var outcome = (await harness.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, Timeout())).ReadOutputAs<CohortOutcome>()!;
        var third = await api.RunAsync(harness.Client, "day21-inactive", Body($$"""{"date":"{{Day:yyyy-MM-dd}}"}"""), CancellationToken.None);

        Assert.NotNull(failed.Error);
        Assert.Equal(0, acceptedAfterFailure);
        Assert.False(timerAgain.Started);
        Assert.Equal(202, rerun.Status);
        Assert.Null(outcome.Error);
        Assert.Equal(40, outcome.Users);
        Assert.Equal(200, third.Status);
        Assert.Equal(outcome.Summary!.Counts.Sent, harness.Gateways.Recorder.Accepted);
        Assert.True(outcome.Summary.Counts.Sent > 0);
        Assert.Equal(0, harness.Gateways.Recorder.Duplicates);
    }

    [Fact]
    public async Task OperatorRun_DayWhoseSendEndedWithFailures_RunsAgainAndPushesOnlyTheRest()
    {
        // The cohort's Android devices fail six times (an FCM outage); one chunk attempt of four tries leaves them
        // failed, their iOS devices delivered. The operator's re-run delivers the rest and nothing twice.
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["Batches:MaxChunkAttempts"] = "1" }, (i, platform) => platform switch
        {
            PushPlatform.Android when i is >= 60 and < 100 => $"internal~6-fcm-u{i}",
            PushPlatform.Android => $"fcm-u{i}:APA91b",
            _ => BatchHarness.ApnsToken(i),
        });
        var api = harness.Services.GetRequiredService<CohortApi>();

        var first = await RunAsync(harness, "day21-inactive", Day);
        var acceptedFirst = harness.Gateways.Recorder.Accepted;
        var rerun = await api.RunAsync(harness.Client, "day21-inactive", Body($$"""{"date":"{{Day:yyyy-MM-dd}}"}"""), CancellationToken.None);
        var outcome = (await harness.Client.WaitForInstanceCompletionAsync(CohortRun.InstanceId("day21-inactive", Day), getInputsAndOutputs: true, Timeout()))
            .ReadOutputAs<CohortOutcome>()!;

        Assert.Equal(BatchOutcome.CompletedWithFailures, first.Summary!.Outcome);
        Assert.True(first.Summary.Counts.Failed > 0 && acceptedFirst > 0);
        Assert.Equal(202, rerun.Status);
        Assert.Equal(BatchOutcome.Completed, outcome.Summary!.Outcome);
        Assert.Equal(first.Summary.Counts.Sent + first.Summary.Counts.Failed, outcome.Summary.Counts.Sent);
        Assert.Equal(outcome.Summary.Counts.Sent, harness.Gateways.Recorder.Accepted);
        Assert.Equal(0, harness.Gateways.Recorder.Duplicates);
    }

    [Fact]
    public async Task OperatorRun_DayWhoseSendWasCancelled_RunsAgainAndPushesOnlyTheRest()
    {
        await using var harness = await StartAsync(
            new Dictionary<string, string?> { ["Batches:ChunkSize"] = "4", ["Fcm:MaxConcurrency"] = "1", ["Apns:MaxConcurrency"] = "1" },
            gateways: new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(100), RetryAfterSeconds = 0 });
        var api = harness.Services.GetRequiredService<CohortApi>();
        var scheduler = harness.Services.GetRequiredService<CohortScheduler>();
        var instanceId = CohortRun.InstanceId("day21-inactive", Day);

        await scheduler.StartAsync(harness.Client, "day21-inactive", Day, "timer");
        await SendBatchOrchestratorTests.WaitUntilAsync(() => harness.Gateways.Recorder.Accepted > 0);
        var campaignBatches = harness.Services.GetRequiredService<StorageClients>().CampaignBatches;
        var file = campaignBatches.GetBlobClient(CohortRun.BatchBlobName("day21-inactive", Day));
        var batchId = BatchInstanceIds.For(new BatchSendInput(campaignBatches.Name, file.Name, (await file.GetPropertiesAsync()).Value.ETag.ToString()));
        Assert.True(await harness.Batches.CancelAsync(harness.Client, batchId, "test operator"));
        var cancelled = (await harness.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, Timeout())).ReadOutputAs<CohortOutcome>()!;
        var rerun = await api.RunAsync(harness.Client, "day21-inactive", Body($$"""{"date":"{{Day:yyyy-MM-dd}}"}"""), CancellationToken.None);
        var outcome = (await harness.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, Timeout())).ReadOutputAs<CohortOutcome>()!;

        Assert.Equal(BatchOutcome.Cancelled, cancelled.Summary!.Outcome);
        Assert.True(cancelled.Summary.Counts.Sent < outcome.Summary!.Counts.Sent);
        Assert.Equal(202, rerun.Status);
        Assert.Equal(BatchOutcome.Completed, outcome.Summary.Outcome);
        Assert.Equal(outcome.Summary.Counts.Sent, harness.Gateways.Recorder.Accepted);
        Assert.Equal(0, harness.Gateways.Recorder.Duplicates);
    }

    [Fact]
    public async Task Start_PausedCohort_StartsNothingAndTheApiSaysWhy()
    {
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["Cohorts:Disabled:0"] = "day21-inactive" });
        var scheduler = harness.Services.GetRequiredService<CohortScheduler>();

        var timer = await scheduler.StartAsync(harness.Client, "day21-inactive", Day, "timer");
        var api = await harness.Services.GetRequiredService<CohortApi>().RunAsync(
            harness.Client, "day21-inactive", Body($$"""{"date":"{{Day:yyyy-MM-dd}}"}"""), CancellationToken.None);

        Assert.Equal(new CohortStart(CohortRun.InstanceId("day21-inactive", Day), false, CohortScheduler.Disabled), timer);
        Assert.Equal(409, api.Status);
        Assert.Null(await harness.Client.GetInstanceAsync(timer.InstanceId));
    }

    [Fact]
    public async Task Run_OnBigQuery_DatesSentAsNamedDateParameters()
    {
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["Audience:Engine"] = "BigQuery" });
        harness.Gateways.BigQuery.Register("MAX(e.occurred_at)", ["user_id", "first_name"], Enumerable.Range(60, 40).Select(i => new string?[] { $"u{i}", null }));

        var outcome = await RunAsync(harness, "day21-inactive", Day);

        var request = Assert.Single(harness.Gateways.BigQuery.Requests, r => r["query"]?.GetValue<string>().Contains("occurred_at", StringComparison.Ordinal) == true);
        var parameter = Assert.Single(request["queryParameters"]!.AsArray())!;
        Assert.Equal(40, outcome.Users);
        Assert.Equal("last_login_day", parameter["name"]!.GetValue<string>());
        Assert.Equal("DATE", parameter["parameterType"]!["type"]!.GetValue<string>());
        Assert.Equal("2026-05-25", parameter["parameterValue"]!["value"]!.GetValue<string>());
        Assert.DoesNotContain("2026", request["query"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(request["useLegacySql"]!.GetValue<bool>());
    }

    private async Task<BatchHarness> StartAsync(
        Dictionary<string, string?>? overrides = null, Func<int, PushPlatform, string>? token = null, LoopbackGatewayOptions? gateways = null)
    {
        var settings = new Dictionary<string, string?> { ["Audience:DuckDb:DatabasePath"] = _database };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var harness = await BatchHarness.StartAsync(azurite, gateways, settings);
        await harness.SeedAsync(120, token);
        return harness;
    }

    private static async Task<CohortOutcome> RunAsync(BatchHarness harness, string cohortId, DateOnly day)
    {
        var start = await harness.Services.GetRequiredService<CohortScheduler>().StartAsync(harness.Client, cohortId, day, "test");
        var done = await harness.Client.WaitForInstanceCompletionAsync(start.InstanceId, getInputsAndOutputs: true, Timeout());
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        return done.ReadOutputAs<CohortOutcome>()!;
    }

    private static async Task<List<JsonNode>> ExposuresAsync(BatchHarness harness, string experimentId)
    {
        var container = harness.Services.GetRequiredService<StorageClients>().Exposures;
        var lines = new List<JsonNode>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, experimentId + "/", default))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            lines.AddRange(content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!));
        }

        return lines;
    }

    private static async Task<int> CountBlobsAsync(BatchHarness harness, string prefix)
    {
        var count = 0;
        await foreach (var _ in harness.Services.GetRequiredService<StorageClients>().CampaignBatches.GetBlobsAsync(
            Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, default))
        {
            count++;
        }

        return count;
    }

    private static Notifications.Core.Api.ApiBody Body(string json) => new("application/json", new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
}
