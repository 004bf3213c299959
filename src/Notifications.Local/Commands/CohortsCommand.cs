using System.CommandLine;
using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Adapters.Local.Experiments.Readout;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Cohorts;
using Notifications.Core.Cohorts.Orchestration;
using Notifications.Core.Devices;
using Notifications.Core.Experiments.Events;
using Notifications.Core.Experiments.Readout;
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
        var from = new Option<string?>("--from") { Description = "Run every date from this one (yyyy-MM-dd) to --to, in one process" };
        var to = new Option<string?>("--to") { Description = "The last run date with --from (yyyy-MM-dd)" };
        var report = new Option<bool>("--report")
        {
            Description = "Afterwards, let the demo users react (planted conversions, simulated opens) and print each cohort's experiment readout over the dates run",
        };
        var cohort = new Option<string?>("--cohort") { Description = "Run only this cohort (default: all)" };
        var users = new Option<int>("--users")
        {
            Description = "Demo users to generate (registry and analytics data, dated around the run date) when the data folder has none",
            DefaultValueFactory = _ => 10_000,
        };
        var host = new HostOptions();
        var run = new Command("run", "Run the cohort campaigns for a date (or --from/--to) against the local data set; once per cohort and day") { date, from, to, report, cohort, users };
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

            var days = new List<DateOnly> { day };
            if (parse.GetValue(from) is not null || parse.GetValue(to) is not null)
            {
                if (!TryDate(parse.GetValue(from), "--from", out var first) || !TryDate(parse.GetValue(to), "--to", out var last))
                {
                    return 2;
                }

                if (first > last || last.DayNumber - first.DayNumber + 1 > Core.Api.DateRange.MaxDays)
                {
                    Console.Error.WriteLine($"--from/--to: from must not be after to, and the range may span at most {Core.Api.DateRange.MaxDays} days");
                    return 2;
                }

                days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
            }

            var campaigns = parse.GetValue(cohort) is { } only
                ? CohortCatalog.Find(only) is { } found ? [found] : null
                : CohortCatalog.All;
            if (campaigns is null)
            {
                Console.Error.WriteLine($"--cohort: not a cohort (known: {string.Join(", ", CohortCatalog.All.Select(c => c.Id))})");
                return 2;
            }

            await EnsureDataAsync(local, parse.GetValue(users), days[^1], ct);
            var failures = 0;
            foreach (var runDate in days)
            {
                foreach (var campaign in campaigns)
                {
                    failures += await RunOneAsync(local, scheduler, campaign, runDate, ct);
                }
            }

            if (parse.GetValue(report) && failures == 0)
            {
                var (conversions, opens) = await OutcomeSimulator.RunAsync(
                    local.Services.GetRequiredService<LocalExperimentTables>(), local.Services.GetRequiredService<OutcomeEventStore>(), local.AnalyticsDatabase,
                    campaigns, days[0], days[^1], TimeProvider.System.GetUtcNow().UtcDateTime, ct);
                Console.WriteLine($"outcomes: {conversions:N0} planted conversions, {opens:N0} simulated opens (day2-engagement: invite-friends +3 pp over control, follow-more +0)");
                var readouts = local.Services.GetRequiredService<ExperimentReadoutService>();
                foreach (var campaign in campaigns)
                {
                    var readout = await readouts.ForCohortAsync(local.Client, campaign, new Core.Api.DateRange(days[0], days[^1]), ct);
                    PrintReport(campaign, readout);
                }
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
        var reportCohort = new Option<string>("--cohort") { Description = "The cohort to read out", Required = true };
        var reportFrom = new Option<string?>("--from") { Description = "First run date (yyyy-MM-dd; default 29 days before --to)" };
        var reportTo = new Option<string?>("--to") { Description = "Last run date (yyyy-MM-dd; default today)" };
        var url = new Option<string>("--url") { Description = "The running host's base URL", DefaultValueFactory = _ => "http://localhost:7071/" };
        var key = new Option<string?>("--key") { Description = "Function key for a deployed app (default: NOTIFY_FUNCTION_KEY)" };
        var reportCommand = new Command("report", "Print a cohort's experiment readout (per arm, SRM, verdict) from a running host") { reportCohort, reportFrom, reportTo, url, key };
        reportCommand.SetAction(async (parse, ct) =>
        {
            var address = new Uri(new Uri(parse.GetValue(url)!), $"api/cohorts/{Uri.EscapeDataString(parse.GetValue(reportCohort)!)}/readout" +
                $"?from={Uri.EscapeDataString(parse.GetValue(reportFrom) ?? "")}&to={Uri.EscapeDataString(parse.GetValue(reportTo) ?? "")}");
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            if ((parse.GetValue(key) ?? Environment.GetEnvironmentVariable("NOTIFY_FUNCTION_KEY")) is { Length: > 0 } functionKey)
            {
                request.Headers.Add("x-functions-key", functionKey);
            }

            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"error: {(int)response.StatusCode} {body}");
                return 1;
            }

            using var json = System.Text.Json.JsonDocument.Parse(body);
            var root = json.RootElement;
            Console.WriteLine($"cohort {root.GetProperty("cohort").GetString()} report for {root.GetProperty("readout").GetProperty("from").GetString()}..{root.GetProperty("readout").GetProperty("to").GetString()}, goal: {root.GetProperty("readout").GetProperty("goal").GetString()}");
            foreach (var line in root.GetProperty("lines").EnumerateArray())
            {
                Console.WriteLine(line.GetString());
            }

            return 0;
        });
        return new Command("cohorts", "Scheduled cohort campaigns with A/B variants and a control group") { run, list, reportCommand };
    }

    private static bool TryDate(string? text, string name, out DateOnly date)
    {
        if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        date = default;
        Console.Error.WriteLine($"{name}: required with --from/--to, a date (yyyy-MM-dd)");
        return false;
    }

    private static void PrintReport(CohortCampaign campaign, ExperimentReadout readout)
    {
        Console.WriteLine($"cohort {campaign.Id} report for {readout.From:yyyy-MM-dd}..{readout.To:yyyy-MM-dd}, goal: {readout.Goal}");
        foreach (var line in ReadoutText.Lines(readout))
        {
            Console.WriteLine(line);
        }
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
