using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Notifications.Core.Api;
using Notifications.Core.Cohorts;
using Notifications.Core.Cohorts.Definitions;
using Notifications.Core.Cohorts.Orchestration;
using Notifications.Functions.Http;

namespace Notifications.Functions.Cohorts;

/// <summary>
/// The scheduled cohort campaigns: one timer per cohort (NCRONTAB from <c>Cohorts:Schedules:{SettingName}</c>), the run
/// orchestration and its activity, and the operator endpoints. A timer that fires twice (or late, after a restart)
/// asks for the same per-day instance and starts nothing new.
/// </summary>
public sealed class CohortFunctions(CohortScheduler scheduler, CohortPreparer preparer, CohortApi api, ReadoutApi readouts)
{
    /// <summary>Day 1: signed up yesterday, did not finish.</summary>
    [Function("CohortTimerDay1UnfinishedSignup")]
    public Task Day1([TimerTrigger("%Cohorts:Schedules:Day1UnfinishedSignup%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        scheduler.StartAsync(client, UnfinishedSignupDay1.Campaign.Id, scheduler.Today(), "timer", cancellationToken: cancellationToken);

    /// <summary>Day 2: signed up two days ago.</summary>
    [Function("CohortTimerDay2Engagement")]
    public Task Day2([TimerTrigger("%Cohorts:Schedules:Day2Engagement%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        scheduler.StartAsync(client, EngagementDay2.Campaign.Id, scheduler.Today(), "timer", cancellationToken: cancellationToken);

    /// <summary>Day 21: last login exactly 21 days ago.</summary>
    [Function("CohortTimerDay21Inactive")]
    public Task Day21([TimerTrigger("%Cohorts:Schedules:Day21Inactive%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        scheduler.StartAsync(client, InactiveDay21.Campaign.Id, scheduler.Today(), "timer", cancellationToken: cancellationToken);

    /// <summary>One cohort run.</summary>
    [Function(CohortTaskNames.RunCohort)]
    public static Task<CohortOutcome> RunCohort([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RunCohortOrchestrator().RunAsync(context, context.GetInput<CohortRun>()!);

    /// <summary>Writes the run's batch file.</summary>
    [Function(CohortTaskNames.PrepareCohort)]
    public Task<CohortPrepared> PrepareCohort([ActivityTrigger] CohortRun run, CancellationToken cancellationToken) =>
        preparer.PrepareAsync(run, cancellationToken);

    /// <summary><c>GET /api/cohorts</c>.</summary>
    [Function("ListCohorts")]
    public IActionResult List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/cohorts")] HttpRequest request) =>
        ApiResults.From(request, api.List());

    /// <summary><c>POST /api/cohorts/{id}/runs</c> <c>{"date":"yyyy-MM-dd"}</c>: run a missed day.</summary>
    [Function("RunCohortForDate")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/cohorts/{id}/runs")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.Run(request, api.RunAsync(client, id, ApiResults.Body(request), request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/cohorts/{id}/runs?from=&amp;to=</c>: the runs by date, newest first, with per-arm counts.</summary>
    [Function("ListCohortRuns")]
    public Task<IActionResult> ListRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/cohorts/{id}/runs")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.Run(request, api.ListRunsAsync(client, id, name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/cohorts/{id}/readout?from=&amp;to=</c>: the experiment's readout over those run dates.</summary>
    [Function("GetCohortReadout")]
    public Task<IActionResult> Readout(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/cohorts/{id}/readout")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.Run(request, readouts.CohortAsync(client, id, name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/cohorts/{id}/runs/{date}</c>.</summary>
    [Function("GetCohortRun")]
    public static Task<IActionResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/cohorts/{id}/runs/{date}")] HttpRequest request, string id, string date,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.Run(request, CohortApi.GetRunAsync(client, id, date, request.HttpContext.RequestAborted));
}
