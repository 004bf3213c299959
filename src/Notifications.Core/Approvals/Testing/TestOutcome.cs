namespace Notifications.Core.Approvals.Testing;

/// <summary>What happened to a test push on one device.</summary>
public enum TestOutcome
{
    /// <summary>The gateway accepted it: the phone shows it (if notifications are on).</summary>
    Delivered,

    /// <summary>The gateway says the token is dead (the app was removed or reinstalled); it was removed from the registry.</summary>
    DeadToken,

    /// <summary>The gateway refused the push (payload or configuration).</summary>
    Refused,

    /// <summary>The gateway kept failing with a retryable error.</summary>
    Failed,

    /// <summary>The send ended before this device was pushed.</summary>
    NotSent,
}
