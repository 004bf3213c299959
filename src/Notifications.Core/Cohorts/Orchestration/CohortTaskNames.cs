namespace Notifications.Core.Cohorts.Orchestration;

/// <summary>Names of the cohort orchestration and its activity, the same in every host.</summary>
public static class CohortTaskNames
{
    /// <summary>One cohort run (instance id from <see cref="CohortRun.InstanceId"/>).</summary>
    public const string RunCohort = "RunCohort";

    /// <summary>Runs the cohort query into the run's batch file.</summary>
    public const string PrepareCohort = "PrepareCohort";
}
