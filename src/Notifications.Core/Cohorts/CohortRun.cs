namespace Notifications.Core.Cohorts;

/// <summary>One run of a cohort campaign: the input of its orchestration.</summary>
/// <param name="CohortId">The campaign.</param>
/// <param name="Date">The calendar day the run is for (the query's dates count back from it).</param>
/// <param name="Trigger">Who started it: <c>timer</c>, <c>operator</c>, <c>notify</c>.</param>
public sealed record CohortRun(string CohortId, DateOnly Date, string Trigger)
{
    /// <summary>The orchestration instance id of a run: one per cohort and day, whoever starts it and however often.</summary>
    public static string InstanceId(string cohortId, DateOnly date) => $"cohort-{cohortId}-{date:yyyy-MM-dd}";

    /// <summary>The batch file of a run, in the campaign-batches container.</summary>
    public static string BatchBlobName(string cohortId, DateOnly date) => $"cohorts/{cohortId}/{date:yyyy-MM-dd}.json";
}
