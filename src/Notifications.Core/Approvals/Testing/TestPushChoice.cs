namespace Notifications.Core.Approvals.Testing;

/// <summary>Which test push to send, and to whom: what an approver picks on the test page (or a requester on the form).</summary>
public sealed record TestPushChoice
{
    /// <summary>An allow-listed test user's id (<see cref="ApprovalOptions.TestUsers"/>); null for the person's own devices.</summary>
    public string? TestUserId { get; init; }

    /// <summary>The arm (variant index; 0 for a single message).</summary>
    public int Arm { get; init; }

    /// <summary>The language of the form (canonical tag); null for the default.</summary>
    public string? Locale { get; init; }

    /// <summary>Fill the placeholders with this sample user's values (index into the review's samples); null for the defaults.</summary>
    public int? Sample { get; init; }
}
