using Notifications.Core.Approvals.Testing;

namespace Notifications.Core.Approvals.Orchestration;

/// <summary>Input of the test-push activity.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Approver">Who asked (the approver the test link was issued to).</param>
/// <param name="Sequence">The test's number within the campaign (names its batch file when there is no result id).</param>
public sealed record TestPushRequest(string CampaignId, string Approver, int Sequence)
{
    /// <summary>What to send to whom; null for the default form with placeholder defaults, to the approver's devices.</summary>
    public TestPushChoice? Choice { get; init; }

    /// <summary>The test's result id (the link endpoint's claimed slot), which the test page reads.</summary>
    public string? ResultId { get; init; }

    /// <summary>The approver's object id, when configured.</summary>
    public string? ApproverObjectId { get; init; }

    /// <summary>When it was asked for (orchestration time).</summary>
    public DateTimeOffset At { get; init; }
}
