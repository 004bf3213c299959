namespace Notifications.Core.Batches;

/// <summary>The answer to an operator's resume.</summary>
public enum BatchResumeOutcome
{
    /// <summary>The send runs again, pushing only to devices that have no outcome yet.</summary>
    Resumed,

    /// <summary>There is no such send.</summary>
    NotFound,

    /// <summary>The send is still running (or its history is gone): nothing to do, or nothing safe to do.</summary>
    Conflict,
}
