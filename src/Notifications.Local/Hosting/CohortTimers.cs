using Cronos;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Cohorts;

namespace Notifications.Local.Hosting;

/// <summary>
/// The local twin of the Functions cohort timers (<c>notify serve</c>): each cohort's NCRONTAB schedule from
/// <c>Cohorts:Schedules</c>, evaluated in UTC as the Functions timer trigger evaluates it, starts that day's run
/// through the same scheduler, so a double fire or a restart inside the same day starts nothing new.
/// <c>Cohorts:TimeZone</c> decides only the run's date.
/// </summary>
internal sealed class CohortTimers(
    DurableTaskClient client, CohortScheduler scheduler, IOptions<CohortOptions> options, TimeProvider time, ILogger<CohortTimers> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(CohortCatalog.All.Select(c => RunScheduleAsync(c, stoppingToken)));

    private async Task RunScheduleAsync(CohortCampaign campaign, CancellationToken stoppingToken)
    {
        var schedule = CronExpression.Parse(options.Value.ScheduleOf(campaign), CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(time.GetUtcNow(), TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            try
            {
                await Task.Delay(next.Value - time.GetUtcNow(), time, stoppingToken).ConfigureAwait(false);
                await scheduler.StartAsync(client, campaign.Id, scheduler.Today(), "timer", cancellationToken: stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed start is logged; the timer keeps the schedule (the next fire, or an operator, retries).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Diagnostics.Log.CohortTimerFailed(logger, campaign.Id, ex.Message);
            }
        }
    }
}
