namespace Notifications.Core.Batches.Orchestration;

/// <summary>How a send ended.</summary>
public enum BatchOutcome
{
    /// <summary>Every device got a final outcome (delivered, invalid or rejected).</summary>
    Completed,

    /// <summary>The send ran to the end but some pushes still failed after every retry.</summary>
    CompletedWithFailures,

    /// <summary>Nothing or not everything was sent: invalid file, changed file, unusable credentials.</summary>
    Failed,

    /// <summary>An operator stopped it.</summary>
    Cancelled,

    /// <summary>The file asked for a dry run: planned and counted, nothing sent.</summary>
    DryRun,

    /// <summary>
    /// Not an ending: everything due has been pushed, and groups held for later (quiet hours, a local delivery time)
    /// wait for their time. Only the interim summary of a waiting send says this.
    /// </summary>
    Waiting,
}
