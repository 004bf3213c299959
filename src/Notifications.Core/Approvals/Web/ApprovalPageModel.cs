using Notifications.Core.Approvals.Review;
using Notifications.Core.Approvals.Testing;
using Notifications.Core.Campaigns;

namespace Notifications.Core.Approvals.Web;

/// <summary>What an approval link's page shows.</summary>
public sealed record ApprovalPageModel
{
    /// <summary>The campaign.</summary>
    public required Campaign Campaign { get; init; }

    /// <summary>What the decision covers; null for a campaign prepared before reviews existed.</summary>
    public CampaignReview? Review { get; init; }

    /// <summary>The link.</summary>
    public required ApprovalLink Link { get; init; }

    /// <summary>The approver's name.</summary>
    public required string ApproverName { get; init; }

    /// <summary>The app's name on the notifications.</summary>
    public required string AppName { get; init; }

    /// <summary>The timing in one sentence.</summary>
    public required string Timing { get; init; }

    /// <summary>Where a test may go: <c>self</c> (the approver's devices) and the test users, with labels.</summary>
    public IReadOnlyList<(string Value, string Label)> Targets { get; init; } = [];

    /// <summary>The approver's test pushes so far, newest first.</summary>
    public IReadOnlyList<TestPushResult> Tests { get; init; } = [];

    /// <summary>A test just asked for whose result is not written yet: the page says it is on its way.</summary>
    public int? PendingTest { get; init; }

    /// <summary>Test pushes left on this link.</summary>
    public int TestsLeft { get; init; }

    /// <summary>Test pushes allowed per approver.</summary>
    public int MaxTests { get; init; }

    /// <summary>Why the last post did nothing, when it did not.</summary>
    public string? Problem { get; init; }
}
