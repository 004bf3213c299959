using System.CommandLine;
using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Cohorts;
using Notifications.Core.Cohorts.Orchestration;
using Notifications.Core.Devices;
using Notifications.Core.Storage;
using Notifications.Local.Demo;
using Notifications.Local.Hosting;

namespace Notifications.Local.Commands;

/// <summary>
/// <c>notify cohorts run --date D</c>: runs the three cohort campaigns for a day on the local data set, each with its
/// per-arm counts and summary line; <c>notify cohorts list</c>: what is defined and when it runs.
/// </summary>
internal static class CohortsCommand
{
    public static Command Create()
    {
        var date = new Option<string?>("--date") { Description = "The run date, yyyy-MM-dd (default: today in Cohorts:TimeZone)" };
        var cohort = new Option<string?>("--cohort") { Description = "Run only this cohort (default: all)" };
        var users = new Option<int>("--users")
        {
            Description = "Demo users to generate (registry and analytics data, dated around the run date) when the data folder has none",
            DefaultValueFactory = _ => 10_000,
        };
        var host = new HostOptions();
        var run = new Command("run", "Run the cohort campaigns for a date against the local data set; once per cohort and day") { date, cohort, users };
        host.AddTo(run);
        run.SetAction(async (parse, ct) =>
        {
            var options = host.Read(parse);
            await using var local = await LocalHost.StartAsync(options, Console.WriteLine, ct);
            var scheduler = local.Services.GetRequiredService<CohortScheduler>();
            var day = scheduler.Today();
            if (parse.GetValue(date) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                Console.Error.WriteLine($"--date: '{text}' is not a date (yyyy-MM-dd)");
                return 2;
            }

            var campaigns = parse.GetValue(cohort) is { } only
                ? CohortCatalog.Find(only) is { } found ? [found] : null
                : CohortCatalog.All;
            if (campaigns is null)
            {
                Console.Error.WriteLine($"--cohort: not a cohort (known: {string.Join(", ", CohortCatalog.All.Select(c => c.Id))})");
                return 2;
            }

            await EnsureDataAsync(local, parse.GetValue(users), day, ct);
            var failures = 0;
            foreach (var campaign in campaigns)
            {
                failures += await RunOneAsync(local, scheduler, campaign, day, ct);
            }

            return failures == 0 ? 0 : 1;
        });

        var list = new Command("list", "The cohort campaigns: schedule, query parameters and experiment arms");
        list.SetAction(_ =>
        {
            var cohortOptions = new CohortOptions();
            foreach (var c in CohortCatalog.All)
            {
                Console.WriteLine($"{c.Id}: {c.Description}");
                Console.WriteLine($"  schedule: {cohortOptions.ScheduleOf(c)} UTC, run dates in {cohortOptions.TimeZone} (six-field cron; Cohorts:Schedules:{c.SettingName}), platforms: {string.Join(", ", c.Platforms.Select(PlatformNames.ToName))}");
                Console.WriteLine($"  experiment {c.Experiment.Id}: control {c.Experiment.ControlPercent}%, " +
                    string.Join(", ", c.Experiment.Variants.Select(v => $"{v.Name} {v.Percent}% \"{v.Message.Title}\"")));
            }

            return 0;
        });
        return new Command("cohorts", "Scheduled cohort campaigns with A/B variants and a control group") { run, list };
    }

    /// <summary>Seeds the demo users into the registry and generates the analytics data set when either is missing.</summary>
    private static async Task EnsureDataAsync(LocalHost local, int users, DateOnly day, CancellationToken cancellationToken)
    {
        var registry = local.Services.GetRequiredService<IDeviceRegistry>();
        if (File.Exists(local.AnalyticsDatabase) && (await registry.GetDevicesAsync(DemoData.UserId(0), cancellationToken)).Count > 0)
        {
            Console.WriteLine($"data: {local.AnalyticsDatabase} and the device registry as they are");
            return;
        }

        var now = TimeProvider.System.GetUtcNow();
        await DemoData.SeedAsync(registry, users, invalidPermille: 30, now, _ => { }, cancellationToken);
        await AnalyticsData.GenerateAsync(local.AnalyticsDatabase, users, day, cancellationToken);
        Console.WriteLine($"data: {users:N0} demo users in the device registry and {local.AnalyticsDatabase}, dated around {day:yyyy-MM-dd}");
    }

    private static async Task<int> RunOneAsync(LocalHost local, CohortScheduler scheduler, CohortCampaign campaign, DateOnly day, CancellationToken cancellationToken)
    {
        var start = await scheduler.StartAsync(local.Client, campaign.Id, day, "notify", cancellationToken: cancellationToken);
        Console.WriteLine(start.Started
            ? $"cohort {campaign.Id} for {day:yyyy-MM-dd}: run {start.InstanceId} started"
            : $"cohort {campaign.Id} for {day:yyyy-MM-dd}: run {start.InstanceId} already exists ({start.ExistingStatus}); not sent again, showing it");
        if (start.ExistingStatus == CohortScheduler.Disabled)
        {
            Console.WriteLine($"cohort {campaign.Id} is paused (Cohorts:Disabled): nothing to show");
            return 0;
        }

        // The run's batch file appears once the query has run; its name and ETag give the send's id.
        var storage = local.Services.GetRequiredService<StorageClients>();
        var blob = storage.CampaignBatches.GetBlobClient(CohortRun.BatchBlobName(campaign.Id, day));
        while (true)
        {
            var run = await local.Client.GetInstanceAsync(start.InstanceId, getInputsAndOutputs: true, cancellationToken);
            if (await blob.ExistsAsync(cancellationToken))
            {
                var etag = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag.ToString();
                var batchId = BatchInstanceIds.For(new BatchSendInput(storage.CampaignBatches.Name, blob.Name, etag));
                return await BatchRunner.FollowAndReportAsync(local, batchId, Console.Out, cancellationToken);
            }

            if (run is { IsCompleted: true })
            {
                var outcome = run.SerializedOutput is null ? null : run.ReadOutputAs<CohortOutcome>();
                if ((outcome?.Error ?? run.FailureDetails?.ErrorMessage) is { } error)
                {
                    Console.WriteLine($"error: {error}");
                    return 1;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"summary: campaign={campaign.CampaignIdFor(day)} targeted=0 devices=0 sent=0 invalid=0 failed=0 elapsed=0.0 rate=0/s page={local.PagesUrl}cohorts/{campaign.Id}"));
                return 0;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
