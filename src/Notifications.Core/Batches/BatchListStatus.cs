namespace Notifications.Core.Batches;

/// <summary>A send in the list: still running, or how it ended (the names of <see cref="Orchestration.BatchOutcome"/>).</summary>
public enum BatchListStatus
{
    /// <summary>Started and not ended yet (or resumed and running again).</summary>
    Running,

    /// <summary>Every device got a final outcome.</summary>
    Completed,

    /// <summary>Ran to the end, some pushes still failed after every retry.</summary>
    CompletedWithFailures,

    /// <summary>Nothing or not everything was sent.</summary>
    Failed,

    /// <summary>An operator stopped it.</summary>
    Cancelled,

    /// <summary>Planned and counted, nothing sent.</summary>
    DryRun,
}
